package clinic

import (
	"context"
	"encoding/json"
	"fmt"
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
	State     string // RevisionSaved, RevisionPending or RevisionDiscarded
}

// The states of a revision. A saved revision is a version the item had.
// A pending one holds an editor's changes to a post that are not saved to
// it yet: the site keeps showing the post as it is, autosave rewrites the
// pending revision, and saving or updating the post turns it into a saved
// revision. An item has at most one pending revision. Discarding it keeps
// it in the history as discarded, so that it can still be restored.
const (
	RevisionSaved     = "saved"
	RevisionPending   = "pending"
	RevisionDiscarded = "discarded"
)

// Post returns the post a revision of kind "post" holds.
func (v *Revision) Post() (*Post, error) {
	var p Post
	if v.Kind != "post" {
		return nil, Errorf(EInvalid, "revision %d is not of a post", v.ID)
	}
	if err := json.Unmarshal([]byte(v.Data), &p); err != nil {
		return nil, fmt.Errorf("clinic: revision %d: %w", v.ID, err)
	}
	return &p, nil
}

// RestoreText is stored with the text of an older version: its title,
// description, author, category, tags and body. The address, status and
// publish time stay stored's, so restoring never moves a post or takes it
// off the site.
func RestoreText(stored, old *Post) *Post {
	p := *old
	p.Tags = append([]string(nil), old.Tags...)
	p.Slug, p.Status, p.PublishedAt, p.UpdatedAt = stored.Slug, stored.Status, stored.PublishedAt, stored.UpdatedAt
	return &p
}

// EditState is where an editor of a post starts from.
type EditState struct {
	Base    int64     // the ID of the post's newest saved revision; 0 when it has none
	Pending *Revision // the post's pending revision, or nil
}

// CheckStaysLive refuses a save that would take a post the public sees
// at now off the site: a live post is changed through pending revisions
// and updates, and taken down only by unpublishing it.
func CheckStaysLive(stored, next *Post, now time.Time) error {
	if stored.Visible(now) && !next.Visible(now) {
		return Errorf(EConflict, "This post is on the site. Save your changes for later or update it; to take it off the site, unpublish it.")
	}
	return nil
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
	// when it was public, a 301 redirect leads from its old URL. The
	// post's pending revision, if any, is saved by it. A save that would
	// take a live post off the site is EConflict (see CheckStaysLive).
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
	// Revisions returns an item's revisions, the pending one too, newest
	// first.
	Revisions(ctx context.Context, kind, slug string) ([]*Revision, error)
	Revision(ctx context.Context, id int64) (*Revision, error)
	// SavePending keeps p as the pending revision of the post at slug,
	// replacing the one there is, and touches nothing the public sees.
	// base is the EditState.Base the editor started from: when the post
	// was saved since, the pending revision is EConflict. A negative base
	// skips the check.
	SavePending(ctx context.Context, slug string, base int64, p *Post, authorID int64) (*Revision, error)
	// EditState returns where an editor of the post at slug starts from.
	EditState(ctx context.Context, slug string) (*EditState, error)
	// PendingSlugs lists the posts that have a pending revision.
	PendingSlugs(ctx context.Context) ([]string, error)
	// DiscardPending marks the post's pending revision discarded.
	DiscardPending(ctx context.Context, slug string) error
	// Unpublish takes a post off the site: it becomes a draft, its text
	// unchanged, and a revision records the change.
	Unpublish(ctx context.Context, slug string, authorID int64) error
	// RedirectsTo lists the redirects that lead to path.
	RedirectsTo(ctx context.Context, path string) ([]*Redirect, error)
	// PublishDue publishes scheduled posts whose time has come, each
	// exactly once even with several instances, and returns their slugs.
	PublishDue(ctx context.Context, now time.Time) ([]string, error)
}
