package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"clinic"
)

// mediaTexts are the tables whose Markdown may show a library image: the
// kind editors know them by, the column that names a row and the text
// columns.
var mediaTexts = []struct{ kind, table, title, texts string }{
	{"post", "posts", "title", "body"},
	{"pages", "pages", "title", "body"},
	{"treatments", "treatments", "title", "body summary"},
	{"doctors", "doctors", "name", "body summary"},
	{"locations", "locations", "name", "body summary"},
	{"videos", "video_faqs", "question", "answer"},
	{"publications", "publications", "title", "summary"},
}

// mediaUsesQuery selects kind, slug, title and whether only a pending
// revision shows the image whose file names $1 matches as a LIKE pattern.
var mediaUsesQuery = func() string {
	var parts []string
	for _, m := range mediaTexts {
		var conds []string
		for _, col := range strings.Fields(m.texts) {
			conds = append(conds, col+" LIKE $1")
		}
		parts = append(parts, fmt.Sprintf(`SELECT '%s', slug, %s, 0 FROM %s WHERE %s`,
			m.kind, m.title, m.table, strings.Join(conds, " OR ")))
	}
	parts = append(parts, `SELECT 'post', r.slug, p.title, 1 FROM revisions r JOIN posts p ON p.slug = r.slug
		WHERE r.kind = 'post' AND r.state = 'pending' AND r.data LIKE $1`)
	return strings.Join(parts, " UNION ALL ") + ` ORDER BY 1, 2, 4`
}()

// MediaUses lists the items whose text shows image id: their stored text,
// or a post's pending revision.
func (db *DB) MediaUses(ctx context.Context, id int64) ([]clinic.MediaUse, error) {
	return mediaUses(ctx, db.read, id)
}

func mediaUses(ctx context.Context, q querier, id int64) ([]clinic.MediaUse, error) {
	var hash string
	err := q.QueryRowContext(ctx, `SELECT hash FROM media WHERE id = $1`, id).Scan(&hash)
	if isNoRows(err) {
		return nil, notFound("image " + strconv.FormatInt(id, 10))
	} else if err != nil {
		return nil, fmt.Errorf("store: image uses: %w", err)
	}
	// File names are the hash's first 16 hex digits, a dash and a width.
	pattern := "%/media/" + hash[:16] + "-%"
	us, err := queryRows(ctx, q, func(s scanner) (clinic.MediaUse, error) {
		var u clinic.MediaUse
		return u, s.Scan(&u.Kind, &u.Slug, &u.Title, &u.Pending)
	}, mediaUsesQuery, pattern)
	if err != nil {
		return nil, fmt.Errorf("store: image uses: %w", err)
	}
	// A post whose stored text shows the image needs no second line for
	// its pending revision.
	return slices.CompactFunc(us, func(a, b clinic.MediaUse) bool { return a.Kind == b.Kind && a.Slug == b.Slug }), nil
}

// DeleteMedia removes an image and its files, unless some text shows it.
func (db *DB) DeleteMedia(ctx context.Context, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		us, err := mediaUses(ctx, t, id)
		if err != nil {
			return err
		}
		if len(us) > 0 {
			return clinic.Errorf(clinic.EConflict, "This image is still shown by %d %s. Take it out of them first.", len(us), plural(len(us), "page or post", "pages and posts"))
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM media WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: delete image: %w", err)
		}
		_, err = t.bumpVersion(ctx) // the renderer forgets its sizes
		return err
	})
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ImportMedia stores an image read from a content export, matched by its
// hash: a new one is created with its files, a known one with another
// description gets that description, and rep counts which it was.
func (db *DB) ImportMedia(ctx context.Context, m *clinic.Media, files []clinic.MediaFile, rep *clinic.ImportReport) error {
	if msg := clinic.CheckAlt(m.Alt); msg != "" {
		return clinic.Errorf(clinic.EInvalid, "image %s: %s", m.Hash, msg)
	}
	if len(m.Hash) != 64 || strings.Trim(m.Hash, "0123456789abcdef") != "" {
		return clinic.Errorf(clinic.EInvalid, "image %q: the hash is not 64 hexadecimal digits", m.Hash)
	}
	if len(files) != len(m.Widths) || len(files) == 0 {
		return clinic.Errorf(clinic.EInvalid, "image %s: %d files for %d widths", m.Hash, len(files), len(m.Widths))
	}
	m.Alt = strings.TrimSpace(m.Alt)
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var alt string
		err := t.QueryRowContext(ctx, `SELECT id, alt FROM media WHERE hash = $1`, m.Hash).Scan(&m.ID, &alt)
		switch {
		case isNoRows(err):
			rep.Created++
			return t.insertMedia(ctx, m, files, nil)
		case err != nil:
			return fmt.Errorf("store: import image: %w", err)
		case alt == m.Alt:
			rep.Unchanged++
			return nil
		}
		rep.Updated++
		if _, err := t.ExecContext(ctx, `UPDATE media SET alt = $2 WHERE id = $1`, m.ID, m.Alt); err != nil {
			return fmt.Errorf("store: import image: %w", err)
		}
		_, err = t.bumpVersion(ctx)
		return err
	})
}
