package clinic

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// Revision is a content item as an editor saved it.
type Revision struct {
	ID        int64
	Kind      string // "post", "page", …
	Slug      string
	AuthorID  int64
	Author    string // the author's name, filled in by lookups
	CreatedAt time.Time
	Data      string // the item as JSON
}

// Limits of the post editor, in characters.
const (
	MaxTitleLen       = 200
	MaxDescriptionLen = 320
	MaxBodyLen        = 200_000
	MaxTags           = 20
)

// ValidatePost checks a post as an editor sends it and says, per field,
// what to fix. Author and category are checked against the database by
// the store.
func (p *Post) ValidatePost() FieldErrors {
	errs := FieldErrors{}
	p.Title, p.Description = strings.TrimSpace(p.Title), strings.TrimSpace(p.Description)
	p.Body = strings.ReplaceAll(p.Body, "\r\n", "\n")
	checkLine(errs, "title", "a title", p.Title, MaxTitleLen, true)
	checkLine(errs, "description", "a short description", p.Description, MaxDescriptionLen, false)
	checkText(errs, "body", "the text", p.Body, MaxBodyLen, false)
	if !ValidSlug(p.Slug) {
		errs["slug"] = "Use lower-case letters, digits and dashes, such as back-pain-basics."
	}
	if len(p.Tags) > MaxTags {
		errs["tags"] = "Please use at most 20 tags."
	}
	for _, t := range p.Tags {
		if Slugify(t) == "" || utf8.RuneCountInString(t) > 60 {
			errs["tags"] = "Each tag needs a letter or digit and at most 60 characters."
		}
	}
	switch p.Status {
	case StatusDraft, StatusPublished:
	case StatusScheduled:
		if p.PublishedAt.IsZero() {
			errs["publish_at"] = "Please give the date and time to publish at."
		}
	default:
		errs["status"] = "Unknown status."
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// EditorService is what the back office's editors need beyond reading
// published content.
type EditorService interface {
	// AdminPosts returns posts of every status, the most recently
	// changed first, and how many there are.
	AdminPosts(ctx context.Context, limit, offset int) ([]*Post, int, error)
	// PostAny returns a post whatever its status.
	PostAny(ctx context.Context, slug string) (*Post, error)
	// SavePost writes p and keeps a revision by authorID. When oldSlug
	// names a post of another slug, that post is renamed to p's slug and,
	// when it was public, a 301 redirect leads from its old URL.
	SavePost(ctx context.Context, p *Post, oldSlug string, authorID int64) error
	// SaveContent writes the one item b holds, of kind ("pages", "site",
	// "redirects", …) and slug, and keeps a revision. For "redirects" b
	// holds the whole table, which replaces the stored one. When oldSlug
	// names the item under another slug, it is renamed first: references
	// follow, and its old address redirects to the new one.
	SaveContent(ctx context.Context, b *Bundle, kind, slug, oldSlug string, authorID int64) error
	// DeleteContent removes one item of kind ("post", "pages", …); an
	// item others refer to is EConflict.
	DeleteContent(ctx context.Context, kind, slug string) error
	// RenameTag changes a tag's name; DeleteTag takes it off every post.
	RenameTag(ctx context.Context, slug, name string) error
	DeleteTag(ctx context.Context, slug string) error
	Revisions(ctx context.Context, kind, slug string) ([]*Revision, error)
	Revision(ctx context.Context, id int64) (*Revision, error)
	// PublishDue publishes scheduled posts whose time has come, each
	// exactly once even with several instances, and returns their slugs.
	PublishDue(ctx context.Context, now time.Time) ([]string, error)
}
