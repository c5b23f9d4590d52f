package store

import (
	"context"
	"slices"

	"clinic"
	"clinic/internal/markdown"
)

func (im *importer) categories(ctx context.Context, cs []*clinic.Category) error {
	key := func(c *clinic.Category) string { return c.Slug }
	return syncItems(im, cs, im.old.Categories, key, normCategory, func(c *clinic.Category) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO categories (slug, name, description) VALUES ($1, $2, $3)
			ON CONFLICT (slug) DO UPDATE SET name = excluded.name, description = excluded.description`,
			c.Slug, c.Name, c.Description)
		return err
	})
}

// tags creates the tags that ps name and renames those they spell
// differently; a tag is named as the first post that uses it spells it.
func (im *importer) tags(ctx context.Context, ps []*clinic.Post) error {
	stored, err := loadTags(ctx, im.t, "")
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, t := range stored {
		names[t.Slug] = t.Name
	}
	seen := map[string]bool{}
	for _, p := range ps {
		for _, name := range p.Tags {
			slug := clinic.Slugify(name)
			if seen[slug] {
				continue
			}
			seen[slug] = true
			if old, ok := names[slug]; ok && old == name {
				continue
			}
			_, err := im.t.ExecContext(ctx, `INSERT INTO tags (slug, name) VALUES ($1, $2)
				ON CONFLICT (slug) DO UPDATE SET name = excluded.name`, slug, name)
			if err != nil {
				return err
			}
			im.changed = true
		}
	}
	return nil
}

// posts writes posts, oldest first so that the search index, which
// ranks the most recently indexed posts when too many match, holds newer
// posts under higher ids. Their Tags hold slugs once normalised.
func (im *importer) posts(ctx context.Context, ps []*clinic.Post) error {
	ps = slices.Clone(ps)
	slices.SortStableFunc(ps, func(a, b *clinic.Post) int { return a.PublishedAt.Compare(b.PublishedAt) })
	key := func(p *clinic.Post) string { return p.Slug }
	return syncItems(im, ps, im.old.Posts, key, normPost, func(p *clinic.Post) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO posts (slug, title, description, author_slug,
				category_slug, status, published_at, updated_at, body)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (slug) DO UPDATE SET title = excluded.title, description = excluded.description,
				author_slug = excluded.author_slug, category_slug = excluded.category_slug,
				status = excluded.status, published_at = excluded.published_at,
				updated_at = excluded.updated_at, body = excluded.body`,
			p.Slug, p.Title, p.Description, p.Author, p.Category, p.Status,
			im.t.d.timeArg(p.PublishedAt), im.t.d.timeArg(p.UpdatedAt), p.Body)
		if err != nil {
			return err
		}
		err = im.t.replaceList(ctx, `DELETE FROM post_tags WHERE post_slug = $1`,
			`INSERT INTO post_tags (post_slug, tag_slug, position) VALUES ($1, $2, $3)`, p.Slug, p.Tags)
		if err != nil {
			return err
		}
		return im.t.indexPost(ctx, p)
	})
}

// indexPost puts p in the search index when it is or will be visible,
// and takes it out otherwise.
func (t *tx) indexPost(ctx context.Context, p *clinic.Post) error {
	switch {
	case p.Status == clinic.StatusPublished:
	case p.Status == clinic.StatusScheduled && !p.PublishedAt.IsZero():
	default:
		return t.unindex(ctx, "post", p.Slug)
	}
	return t.index(ctx, "post", p.Slug, p.Title, t.d.timeArg(p.PublishedAt), p.Description, markdown.PlainText(p.Body))
}

func (im *importer) videoFAQs(ctx context.Context, vs []*clinic.VideoFAQ) error {
	key := func(v *clinic.VideoFAQ) string { return v.Slug }
	return syncItems(im, vs, im.old.VideoFAQs, key, normVideoFAQ, func(v *clinic.VideoFAQ) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO video_faqs (slug, question, video_url,
				duration_ns, uploaded_at, sort_order, answer)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (slug) DO UPDATE SET question = excluded.question, video_url = excluded.video_url,
				duration_ns = excluded.duration_ns, uploaded_at = excluded.uploaded_at,
				sort_order = excluded.sort_order, answer = excluded.answer`,
			v.Slug, v.Question, v.VideoURL, int64(v.Duration), im.t.d.timeArg(v.UploadedAt), v.Order, v.Answer)
		return err
	})
}

func (im *importer) publications(ctx context.Context, ps []*clinic.Publication) error {
	key := func(p *clinic.Publication) string { return p.Slug }
	return syncItems(im, ps, im.old.Publications, key, normPublication, func(p *clinic.Publication) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO publications (slug, kind, title, authors, venue,
				year, url, summary)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (slug) DO UPDATE SET kind = excluded.kind, title = excluded.title,
				authors = excluded.authors, venue = excluded.venue, year = excluded.year,
				url = excluded.url, summary = excluded.summary`,
			p.Slug, p.Kind, p.Title, p.Authors, p.Venue, p.Year, p.URL, p.Summary)
		return err
	})
}

func (im *importer) redirects(ctx context.Context, rs []*clinic.Redirect) error {
	key := func(r *clinic.Redirect) string { return r.From }
	return syncItems(im, rs, im.old.Redirects, key, normRedirect, func(r *clinic.Redirect) error {
		_, err := im.t.ExecContext(ctx, `INSERT INTO redirects (from_path, to_path) VALUES ($1, $2)
			ON CONFLICT (from_path) DO UPDATE SET to_path = excluded.to_path`, r.From, r.To)
		return err
	})
}
