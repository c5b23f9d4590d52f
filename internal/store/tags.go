package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"clinic"
)

// RenameTag changes how a tag is spelled; its address stays.
func (db *DB) RenameTag(ctx context.Context, slug, name string) error {
	name = strings.TrimSpace(name)
	if name == "" || !utf8.ValidString(name) || utf8.RuneCountInString(name) > 60 || clinic.Slugify(name) == "" {
		return clinic.Errorf(clinic.EInvalid, "A tag's name needs a letter or digit and at most 60 characters.")
	}
	return db.changeTag(ctx, slug, `UPDATE tags SET name = $2 WHERE slug = $1`, slug, name)
}

// DeleteTag removes a tag from every post that has it.
func (db *DB) DeleteTag(ctx context.Context, slug string) error {
	return db.changeTag(ctx, slug, `DELETE FROM tags WHERE slug = $1`, slug)
}

func (db *DB) changeTag(ctx context.Context, slug, query string, args ...any) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("store: change tag %s: %w", slug, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("tag " + slug)
		}
		_, err = t.bumpVersion(ctx)
		return err
	})
}
