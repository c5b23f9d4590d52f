package store

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"clinic"
)

// postVisible selects the posts the public may see at $1, as
// clinic.Post.Visible decides; a NULL published_at is the zero time.
// It is one predicate with no OR of ranges, so that the planner walks an
// index in published_at order and stops at LIMIT: a post without a time
// is visible only when published.
const postVisible = `(p.status IN ('published', 'scheduled')
	AND COALESCE(p.published_at <= $1, p.status = 'published'))`

const postSelect = `SELECT p.slug, p.title, p.description, p.author_slug, p.category_slug,
	p.status, p.published_at, p.updated_at, p.body FROM posts p`

// postWhere is the WHERE clause of f with its arguments: the visibility
// rule at f.Now ($1) and only those filters that are set, so that each
// can use its index rather than one query that must scan every post.
func (db *DB) postWhere(f clinic.PostFilter) (string, []any) {
	args := []any{db.d.timeArg(db.nowOr(f.Now))}
	where := ` WHERE ` + postVisible
	add := func(cond, v string) {
		args = append(args, v)
		where += " AND " + strings.ReplaceAll(cond, "$?", "$"+strconv.Itoa(len(args)))
	}
	if f.Category != "" {
		add("p.category_slug = $?", f.Category)
	}
	if f.Author != "" {
		add("p.author_slug = $?", f.Author)
	}
	if f.Tag != "" {
		add("p.slug IN (SELECT pt.post_slug FROM post_tags pt WHERE pt.tag_slug = $?)", f.Tag)
	}
	return where, args
}

func scanPost(s scanner) (*clinic.Post, error) {
	p := &clinic.Post{}
	return p, s.Scan(&p.Slug, &p.Title, &p.Description, &p.Author, &p.Category,
		&p.Status, timeCol{&p.PublishedAt}, timeCol{&p.UpdatedAt}, &p.Body)
}

// nowOr returns now, or the current time when now is zero.
func (db *DB) nowOr(now time.Time) time.Time {
	if now.IsZero() {
		return db.now()
	}
	return now
}

// Post returns the post with the given slug when it is visible at now
// (the current time when now is zero).
func (db *DB) Post(ctx context.Context, slug string, now time.Time) (*clinic.Post, error) {
	ps, err := queryRows(ctx, db.read, scanPost, postSelect+` WHERE p.slug = $2 AND `+postVisible,
		db.d.timeArg(db.nowOr(now)), slug)
	if err == nil && len(ps) == 1 {
		err = loadPostTags(ctx, db.read, ps)
	}
	return one(ps, err, "post "+strconv.Quote(slug))
}

// Posts returns the posts f selects that are visible at f.Now (the
// current time when zero), newest first, and how many there are in all.
func (db *DB) Posts(ctx context.Context, f clinic.PostFilter) ([]*clinic.Post, int, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = math.MaxInt32
	}
	where, args := db.postWhere(f)
	var total int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM posts p`+where, args...).Scan(&total)
	if err != nil {
		return nil, 0, fmt.Errorf("store: count posts: %w", err)
	}
	n := len(args)
	ps, err := queryRows(ctx, db.read, scanPost,
		postSelect+where+db.d.postOrder+` LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2),
		append(args, limit, max(f.Offset, 0))...)
	if err == nil {
		err = loadPostTags(ctx, db.read, ps)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("store: posts: %w", err)
	}
	return ps, total, nil
}

// loadPostTags fills in the tag names of ps.
func loadPostTags(ctx context.Context, q querier, ps []*clinic.Post) error {
	if len(ps) == 0 {
		return nil
	}
	slugs := make([]string, len(ps))
	for i, p := range ps {
		slugs[i] = p.Slug
	}
	tags, err := queryLists(ctx, q, `SELECT pt.post_slug, t.name
		FROM post_tags pt JOIN tags t ON t.slug = pt.tag_slug
		WHERE pt.post_slug IN (`+placeholders(1, len(slugs))+`)
		ORDER BY pt.post_slug, pt.position`, anys(slugs)...)
	for _, p := range ps {
		p.Tags = tags[p.Slug]
	}
	return err
}

// exportOrder is the order of posts in an export: newest first, undated
// last, then by slug.
const exportOrder = ` ORDER BY p.published_at DESC NULLS LAST, p.slug`

// loadAllPosts returns every post, drafts too, newest first, with tags.
func loadAllPosts(ctx context.Context, q querier) ([]*clinic.Post, error) {
	ps, err := queryRows(ctx, q, scanPost, postSelect+exportOrder)
	if err != nil {
		return nil, err
	}
	tags, err := queryLists(ctx, q, `SELECT pt.post_slug, t.name
		FROM post_tags pt JOIN tags t ON t.slug = pt.tag_slug ORDER BY pt.post_slug, pt.position`)
	for _, p := range ps {
		p.Tags = tags[p.Slug]
	}
	return ps, err
}

// Category returns the category with the given slug.
func (db *DB) Category(ctx context.Context, slug string) (*clinic.Category, error) {
	return get(ctx, db.read, loadCategories, slug, "category "+strconv.Quote(slug))
}

// Categories returns every category by name.
func (db *DB) Categories(ctx context.Context) ([]*clinic.Category, error) {
	cs, err := loadCategories(ctx, db.read, "")
	return list(cs, err, "categories")
}

func loadCategories(ctx context.Context, q querier, slug string) ([]*clinic.Category, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.Category, error) {
		c := &clinic.Category{}
		return c, s.Scan(&c.Slug, &c.Name, &c.Description)
	}, `SELECT slug, name, description FROM categories
		WHERE $1 = '' OR slug = $1 ORDER BY name, slug`, slug)
}

// Tag returns the tag with the given slug.
func (db *DB) Tag(ctx context.Context, slug string) (*clinic.Tag, error) {
	return get(ctx, db.read, loadTags, slug, "tag "+strconv.Quote(slug))
}

// Tags returns every tag by name.
func (db *DB) Tags(ctx context.Context) ([]*clinic.Tag, error) {
	ts, err := loadTags(ctx, db.read, "")
	return list(ts, err, "tags")
}

func loadTags(ctx context.Context, q querier, slug string) ([]*clinic.Tag, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.Tag, error) {
		t := &clinic.Tag{}
		return t, s.Scan(&t.Slug, &t.Name)
	}, `SELECT slug, name FROM tags WHERE $1 = '' OR slug = $1 ORDER BY name, slug`, slug)
}

// VideoFAQs returns every video FAQ by order.
func (db *DB) VideoFAQs(ctx context.Context) ([]*clinic.VideoFAQ, error) {
	vs, err := loadVideoFAQs(ctx, db.read)
	return list(vs, err, "video FAQs")
}

func loadVideoFAQs(ctx context.Context, q querier) ([]*clinic.VideoFAQ, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.VideoFAQ, error) {
		v := &clinic.VideoFAQ{}
		var ns int64
		err := s.Scan(&v.Slug, &v.Question, &v.VideoURL, &ns, timeCol{&v.UploadedAt}, &v.Order, &v.Answer)
		v.Duration = time.Duration(ns)
		return v, err
	}, `SELECT slug, question, video_url, duration_ns, uploaded_at, sort_order, answer
		FROM video_faqs ORDER BY sort_order, slug`)
}

// Publications returns every award, paper and talk, newest year first.
func (db *DB) Publications(ctx context.Context) ([]*clinic.Publication, error) {
	ps, err := loadPublications(ctx, db.read)
	return list(ps, err, "publications")
}

func loadPublications(ctx context.Context, q querier) ([]*clinic.Publication, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.Publication, error) {
		p := &clinic.Publication{}
		return p, s.Scan(&p.Slug, &p.Kind, &p.Title, &p.Authors, &p.Venue, &p.Year, &p.URL, &p.Summary)
	}, `SELECT slug, kind, title, authors, venue, year, url, summary
		FROM publications ORDER BY year DESC, slug`)
}

// Redirect returns the redirect from the path from.
func (db *DB) Redirect(ctx context.Context, from string) (*clinic.Redirect, error) {
	return get(ctx, db.read, loadRedirects, from, "redirect from "+strconv.Quote(from))
}

// loadRedirects returns the redirect from the path from, or all when
// from is "".
func loadRedirects(ctx context.Context, q querier, from string) ([]*clinic.Redirect, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.Redirect, error) {
		r := &clinic.Redirect{}
		return r, s.Scan(&r.From, &r.To)
	}, `SELECT from_path, to_path FROM redirects WHERE $1 = '' OR from_path = $1 ORDER BY from_path`, from)
}
