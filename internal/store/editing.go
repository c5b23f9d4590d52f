package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"clinic"
)

var _ clinic.EditorService = (*DB)(nil)

// AdminPosts returns posts of every status, the most recently changed
// first.
func (db *DB) AdminPosts(ctx context.Context, limit, offset int) ([]*clinic.Post, int, error) {
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM posts`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count posts: %w", err)
	}
	ps, err := queryRows(ctx, db.read, scanPost, postSelect+fmt.Sprintf(
		` ORDER BY p.updated_at DESC, p.slug LIMIT %d OFFSET %d`, max(limit, 1), max(offset, 0)))
	if err != nil {
		return nil, 0, fmt.Errorf("store: posts: %w", err)
	}
	if err := loadPostTags(ctx, db.read, ps); err != nil {
		return nil, 0, fmt.Errorf("store: post tags: %w", err)
	}
	return ps, total, nil
}

// PostAny returns a post whatever its status.
func (db *DB) PostAny(ctx context.Context, slug string) (*clinic.Post, error) {
	return loadPost(ctx, db.read, slug)
}

// SavePost writes p through the import path (the same validation and
// search indexing), keeps a revision and handles a change of slug, all in
// one transaction.
func (db *DB) SavePost(ctx context.Context, p *clinic.Post, oldSlug string, authorID int64) error {
	if errs := p.ValidatePost(); errs != nil {
		return clinic.Errorf(clinic.EInvalid, "%s", firstError(errs))
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		if err := t.checkPostSave(ctx, p, oldSlug); err != nil {
			return err
		}
		p.UpdatedAt = t.now
		b := &clinic.Bundle{Posts: []*clinic.Post{p}}
		if oldSlug != "" && oldSlug != p.Slug {
			rd, err := t.renameContent(ctx, "post", oldSlug, p.Slug)
			if err != nil {
				return err
			}
			if rd != nil {
				b.Redirects = []*clinic.Redirect{rd}
			}
		}
		if _, err := t.importBundle(ctx, b, &clinic.ImportReport{}); err != nil {
			return err
		}
		if _, err := t.bumpVersion(ctx); err != nil {
			return err
		}
		if err := t.dropPending(ctx, "post", p.Slug); err != nil {
			return err
		}
		return t.addRevision(ctx, "post", p.Slug, authorID, p)
	})
}

// checkPostSave refuses a new post at a taken address, and a save that
// would take the live post at oldSlug off the site.
func (t *tx) checkPostSave(ctx context.Context, p *clinic.Post, oldSlug string) error {
	if oldSlug == "" {
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM posts WHERE slug = $1`, p.Slug).Scan(&n); err != nil {
			return fmt.Errorf("store: save post: %w", err)
		}
		if n > 0 {
			return clinic.Errorf(clinic.EConflict, "Another post already has the address %s. Choose another.", p.Slug)
		}
		return nil
	}
	stored, err := loadPost(ctx, t, oldSlug)
	if err != nil {
		return err
	}
	return clinic.CheckStaysLive(stored, p, t.now)
}

// loadPost reads the post at slug, whatever its status, with its tags.
func loadPost(ctx context.Context, q querier, slug string) (*clinic.Post, error) {
	ps, err := queryRows(ctx, q, scanPost, postSelect+` WHERE p.slug = $1`, slug)
	p, err := one(ps, err, "post "+slug)
	if err != nil {
		return nil, err
	}
	if err := loadPostTags(ctx, q, []*clinic.Post{p}); err != nil {
		return nil, fmt.Errorf("store: tags of %s: %w", slug, err)
	}
	return p, nil
}

// addRevision keeps item as JSON.
func (t *tx) addRevision(ctx context.Context, kind, slug string, authorID int64, item any) error {
	data, err := json.Marshal(item)
	if err != nil {
		return fmt.Errorf("store: revision: %w", err)
	}
	_, err = t.ExecContext(ctx, `INSERT INTO revisions (kind, slug, author_id, created_at, data)
		VALUES ($1, $2, $3, $4, $5)`, kind, slug, authorID, t.d.timeArg(t.now), string(data))
	if err != nil {
		return fmt.Errorf("store: revision: %w", err)
	}
	return nil
}

func scanRevision(r scanner) (*clinic.Revision, error) {
	v := &clinic.Revision{}
	return v, r.Scan(&v.ID, &v.Kind, &v.Slug, &v.AuthorID, &v.Author, timeCol{&v.CreatedAt}, &v.Data, &v.State)
}

const revisionSelect = `SELECT r.id, r.kind, r.slug, r.author_id, u.name, r.created_at, r.data, r.state
	FROM revisions r JOIN users u ON u.id = r.author_id`

// Revisions returns an item's revisions, the pending one first, then
// newest first.
func (db *DB) Revisions(ctx context.Context, kind, slug string) ([]*clinic.Revision, error) {
	vs, err := queryRows(ctx, db.read, scanRevision, revisionSelect+` WHERE r.kind = $1 AND r.slug = $2
		ORDER BY CASE WHEN r.state = 'pending' THEN 0 ELSE 1 END, r.id DESC`, kind, slug)
	return list(vs, err, "revisions")
}

// Revision returns one revision.
func (db *DB) Revision(ctx context.Context, id int64) (*clinic.Revision, error) {
	vs, err := queryRows(ctx, db.read, scanRevision, revisionSelect+` WHERE r.id = $1`, id)
	return one(vs, err, fmt.Sprintf("revision %d", id))
}

// PublishDue turns scheduled posts whose time has come into published
// ones. The UPDATE changes a row only while it is still scheduled, so
// when several instances run it at once each post is published by
// exactly one of them, and only that one reports and audits it.
func (db *DB) PublishDue(ctx context.Context, now time.Time) ([]string, error) {
	var slugs []string
	err := db.inTx(ctx, now, func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		rows, err := t.QueryContext(ctx, `UPDATE posts SET status = 'published'
			WHERE status = 'scheduled' AND published_at <= $1 RETURNING slug`, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: publish due posts: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				return err
			}
			slugs = append(slugs, s)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, s := range slugs {
			if err := t.appendAuditLocked(ctx, &clinic.AuditEvent{Actor: "system", Action: "post.publish", Record: "post:" + s, Address: "scheduler", Outcome: clinic.AuditOK, Detail: "scheduled time reached"}); err != nil {
				return err
			}
		}
		if len(slugs) > 0 {
			_, err = t.bumpVersion(ctx)
		}
		return err
	})
	return slugs, err
}

// appendAuditLocked appends an audit event inside a transaction, taking
// the audit log's lock first.
func (t *tx) appendAuditLocked(ctx context.Context, e *clinic.AuditEvent) error {
	if err := t.lock(ctx, "audit"); err != nil {
		return err
	}
	return t.appendAudit(ctx, e)
}

// SaveContent writes one item through the import path and keeps a
// revision of it; the redirect table is replaced as a whole.
func (db *DB) SaveContent(ctx context.Context, b *clinic.Bundle, kind, slug, oldSlug string, authorID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		if oldSlug != "" && oldSlug != slug {
			rd, err := t.renameContent(ctx, kind, oldSlug, slug)
			if err != nil {
				return err
			}
			if rd != nil {
				b.Redirects = append(b.Redirects, rd)
			}
		}
		if kind == "redirects" {
			if err := t.dropRedirectsBut(ctx, b.Redirects); err != nil {
				return err
			}
		}
		if _, err := t.importBundle(ctx, b, &clinic.ImportReport{}); err != nil {
			return err
		}
		if _, err := t.bumpVersion(ctx); err != nil {
			return err
		}
		return t.addRevision(ctx, kind, slug, authorID, b)
	})
}

// dropRedirectsBut deletes the stored redirects whose path keep lacks.
func (t *tx) dropRedirectsBut(ctx context.Context, keep []*clinic.Redirect) error {
	from := make([]string, len(keep))
	for i, r := range keep {
		from[i] = r.From
	}
	q := `DELETE FROM redirects`
	if len(from) > 0 {
		q += ` WHERE from_path NOT IN (` + placeholders(1, len(from)) + `)`
	}
	if _, err := t.ExecContext(ctx, q, anys(from)...); err != nil {
		return fmt.Errorf("store: replace redirects: %w", err)
	}
	return nil
}

// contentTables are the tables of the kinds an editor can delete, and the
// kind of their rows in the search index ("" when not indexed).
var contentTables = map[string]struct{ table, index string }{
	"post": {"posts", "post"}, "pages": {"pages", "page"}, "treatments": {"treatments", "treatment"},
	"doctors": {"doctors", "doctor"}, "locations": {"locations", ""}, "categories": {"categories", ""},
	"videos": {"video_faqs", ""}, "publications": {"publications", ""},
}

// DeleteContent removes one item. An item others still refer to (a
// doctor with posts, a category with posts, a treatment with procedures
// under it) is refused with EConflict and nothing changes.
func (db *DB) DeleteContent(ctx context.Context, kind, slug string) error {
	tbl, ok := contentTables[kind]
	if !ok {
		return notFound("content kind " + kind)
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `DELETE FROM `+tbl.table+` WHERE slug = $1`, slug)
		if err != nil {
			if isForeignKey(err) {
				return clinic.Errorf(clinic.EConflict, "%s is still used: posts, doctors or treatments refer to it. Change those first.", slug)
			}
			return fmt.Errorf("store: delete %s %s: %w", kind, slug, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(kind + " " + slug)
		}
		// Pending changes of a deleted post are kept as discarded, so that
		// a later post at the same address does not open with them.
		if _, err := t.ExecContext(ctx, `UPDATE revisions SET state = 'discarded'
			WHERE kind = $1 AND slug = $2 AND state = 'pending'`, kind, slug); err != nil {
			return fmt.Errorf("store: delete %s %s: %w", kind, slug, err)
		}
		if tbl.index != "" {
			if err := t.unindex(ctx, tbl.index, slug); err != nil {
				return err
			}
		}
		_, err = t.bumpVersion(ctx)
		return err
	})
}

// contentPaths are the public addresses of the kinds that have pages of
// their own, before the slug.
var contentPaths = map[string]string{"post": "/blog/", "pages": "/", "treatments": "/treatments/", "doctors": "/doctors/",
	"locations": "/locations/", "categories": "/blog/category/"}

// renameContent gives an item, a post too, a new slug. The references to it follow
// (the schema's foreign keys cascade on update), its revisions move
// along, redirects to its old address are pointed at the new one, and the
// redirect from its old address is returned.
func (t *tx) renameContent(ctx context.Context, kind, oldSlug, newSlug string) (*clinic.Redirect, error) {
	tbl, ok := contentTables[kind]
	if !ok {
		return nil, invalid("%s cannot be renamed", kind)
	}
	public, err := t.isPublic(ctx, kind, oldSlug)
	if err != nil {
		return nil, err
	}
	var n int
	if err := t.QueryRowContext(ctx, `SELECT count(*) FROM `+tbl.table+` WHERE slug = $1`, newSlug).Scan(&n); err != nil {
		return nil, fmt.Errorf("store: rename: %w", err)
	}
	if n > 0 {
		return nil, clinic.Errorf(clinic.EConflict, "Another item already has the address %s. Choose another.", newSlug)
	}
	res, err := t.ExecContext(ctx, `UPDATE `+tbl.table+` SET slug = $2 WHERE slug = $1`, oldSlug, newSlug)
	if err != nil {
		return nil, fmt.Errorf("store: rename %s %s: %w", kind, oldSlug, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, notFound(kind + " " + oldSlug)
	}
	if _, err := t.ExecContext(ctx, `UPDATE revisions SET slug = $3 WHERE kind = $1 AND slug = $2`, kind, oldSlug, newSlug); err != nil {
		return nil, fmt.Errorf("store: rename: %w", err)
	}
	if tbl.index != "" {
		_, err := t.ExecContext(ctx, `UPDATE search_docs SET slug = $3 WHERE kind = $1 AND slug = $2`, tbl.index, oldSlug, newSlug)
		if err != nil {
			return nil, fmt.Errorf("store: rename in the search index: %w", err)
		}
	}
	prefix, ok := contentPaths[kind]
	if !ok {
		return nil, nil
	}
	from, to := prefix+oldSlug, prefix+newSlug
	if _, err := t.ExecContext(ctx, `UPDATE redirects SET to_path = $2 WHERE to_path = $1`, from, to); err != nil {
		return nil, fmt.Errorf("store: rename: %w", err)
	}
	if !public {
		return nil, nil // nobody followed the old address
	}
	return &clinic.Redirect{From: from, To: to}, nil
}

// isPublic reports whether the public may see the item now: posts only
// once published, everything else always.
func (t *tx) isPublic(ctx context.Context, kind, slug string) (bool, error) {
	if kind != "post" {
		return true, nil
	}
	var p clinic.Post
	err := t.QueryRowContext(ctx, `SELECT status, published_at FROM posts WHERE slug = $1`, slug).Scan(&p.Status, timeCol{&p.PublishedAt})
	if isNoRows(err) {
		return false, notFound("post " + slug)
	} else if err != nil {
		return false, fmt.Errorf("store: rename post: %w", err)
	}
	return p.Visible(t.now), nil
}
