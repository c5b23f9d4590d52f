package store

import (
	"context"
	"encoding/json"
	"fmt"

	"clinic"
)

// A post's pending revision holds an editor's changes that the site does
// not show yet. Writing it touches nothing the public sees, so it neither
// bumps the content version nor reindexes: autosave may rewrite it every
// few seconds without emptying the page cache.

// SavePending keeps p as the post's pending revision, in place of the one
// there is.
func (db *DB) SavePending(ctx context.Context, slug string, base int64, p *clinic.Post, authorID int64) (*clinic.Revision, error) {
	data, err := json.Marshal(p)
	if err != nil {
		return nil, fmt.Errorf("store: pending revision: %w", err)
	}
	v := &clinic.Revision{Kind: "post", Slug: slug, AuthorID: authorID, Data: string(data), State: clinic.RevisionPending}
	err = db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		if _, err := loadPost(ctx, t, slug); err != nil {
			return err
		}
		if err := t.checkBase(ctx, slug, base); err != nil {
			return err
		}
		v.CreatedAt = t.now
		return t.putPending(ctx, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}

// checkBase refuses a pending revision made from an older save of the
// post than its newest.
func (t *tx) checkBase(ctx context.Context, slug string, base int64) error {
	if base < 0 {
		return nil
	}
	newest, err := newestSaved(ctx, t, slug)
	if err != nil {
		return err
	}
	if newest != base {
		return clinic.Errorf(clinic.EConflict, "This post was saved again since you opened it, so your changes were not kept as its pending revision. Copy what you wrote, then reload the editor.")
	}
	return nil
}

// newestSaved is the ID of the post's newest saved revision, 0 for none.
func newestSaved(ctx context.Context, q querier, slug string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM revisions
		WHERE kind = 'post' AND slug = $1 AND state = 'saved'`, slug).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: newest revision of %s: %w", slug, err)
	}
	return id, nil
}

// putPending rewrites the item's pending revision, or makes it.
func (t *tx) putPending(ctx context.Context, v *clinic.Revision) error {
	err := t.QueryRowContext(ctx, `UPDATE revisions SET author_id = $3, created_at = $4, data = $5
		WHERE kind = $1 AND slug = $2 AND state = 'pending' RETURNING id`,
		v.Kind, v.Slug, v.AuthorID, t.d.timeArg(t.now), v.Data).Scan(&v.ID)
	if !isNoRows(err) {
		return wrapErr("store: pending revision", err)
	}
	err = t.QueryRowContext(ctx, `INSERT INTO revisions (kind, slug, author_id, created_at, data, state)
		VALUES ($1, $2, $3, $4, $5, 'pending') RETURNING id`,
		v.Kind, v.Slug, v.AuthorID, t.d.timeArg(t.now), v.Data).Scan(&v.ID)
	return wrapErr("store: pending revision", err)
}

// wrapErr wraps a non-nil err with the operation.
func wrapErr(op string, err error) error {
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// dropPending deletes the item's pending revision: the save under way
// holds what it held, and more.
func (t *tx) dropPending(ctx context.Context, kind, slug string) error {
	_, err := t.ExecContext(ctx, `DELETE FROM revisions WHERE kind = $1 AND slug = $2 AND state = 'pending'`, kind, slug)
	return wrapErr("store: drop pending revision", err)
}

// EditState returns the newest saved revision's ID and the pending
// revision of the post at slug.
func (db *DB) EditState(ctx context.Context, slug string) (*clinic.EditState, error) {
	base, err := newestSaved(ctx, db.read, slug)
	if err != nil {
		return nil, err
	}
	es := &clinic.EditState{Base: base}
	vs, err := queryRows(ctx, db.read, scanRevision, revisionSelect+` WHERE r.kind = 'post' AND r.slug = $1 AND r.state = 'pending'`, slug)
	if err != nil {
		return nil, fmt.Errorf("store: pending revision of %s: %w", slug, err)
	}
	if len(vs) > 0 {
		es.Pending = vs[0]
	}
	return es, nil
}

// PendingSlugs lists the posts that have a pending revision, by slug.
func (db *DB) PendingSlugs(ctx context.Context) ([]string, error) {
	slugs, err := queryRows(ctx, db.read, func(s scanner) (string, error) {
		var slug string
		return slug, s.Scan(&slug)
	}, `SELECT slug FROM revisions WHERE kind = 'post' AND state = 'pending' ORDER BY slug`)
	return list(slugs, err, "posts with pending changes")
}

// DiscardPending marks the post's pending revision discarded.
func (db *DB) DiscardPending(ctx context.Context, slug string) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `UPDATE revisions SET state = 'discarded'
			WHERE kind = 'post' AND slug = $1 AND state = 'pending'`, slug)
		if err != nil {
			return fmt.Errorf("store: discard pending revision: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("pending changes to post " + slug)
		}
		return nil
	})
}

// Unpublish makes a live post a draft again, its text and pending
// revision unchanged, and keeps a revision of the change.
func (db *DB) Unpublish(ctx context.Context, slug string, authorID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		p, err := loadPost(ctx, t, slug)
		if err != nil {
			return err
		}
		if !p.Visible(t.now) {
			return clinic.Errorf(clinic.EConflict, "This post is not on the site, so there is nothing to unpublish.")
		}
		p.Status, p.UpdatedAt = clinic.StatusDraft, t.now
		if _, err := t.importBundle(ctx, &clinic.Bundle{Posts: []*clinic.Post{p}}, &clinic.ImportReport{}); err != nil {
			return err
		}
		if _, err := t.bumpVersion(ctx); err != nil {
			return err
		}
		return t.addRevision(ctx, "post", slug, authorID, p)
	})
}

// RedirectsTo lists the redirects that lead to path, by the path they
// lead from.
func (db *DB) RedirectsTo(ctx context.Context, path string) ([]*clinic.Redirect, error) {
	rs, err := queryRows(ctx, db.read, func(s scanner) (*clinic.Redirect, error) {
		r := &clinic.Redirect{}
		return r, s.Scan(&r.From, &r.To)
	}, `SELECT from_path, to_path FROM redirects WHERE to_path = $1 ORDER BY from_path`, path)
	return list(rs, err, "redirects")
}
