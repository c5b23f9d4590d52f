package store

import (
	"context"
	"fmt"
	"strconv"

	"clinic"
)

// Import writes b in one transaction. Items are matched by slug (by path
// for redirects): new ones are created, changed ones updated, equal ones
// left alone, and stored items missing from b are kept. Settings count
// as one item, and zero settings are left out. Tags are created or
// renamed as the posts name them and are not counted. The content
// version goes up once when anything changed. Nothing is written when b
// fails validation (an EInvalid error naming the item) or any write fails.
func (db *DB) Import(ctx context.Context, b *clinic.Bundle) (clinic.ImportReport, error) {
	if b == nil {
		return clinic.ImportReport{}, invalid("nothing to import")
	}
	var rep clinic.ImportReport
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "content"); err != nil {
			return err
		}
		_, err := t.importBundle(ctx, b, &rep)
		return err
	})
	if err != nil {
		return clinic.ImportReport{}, err
	}
	if db.d.name == "postgres" && rep.Created+rep.Updated >= analyzeAfter {
		// Fresh statistics, so that the planner picks the right plans at
		// once rather than when autovacuum gets round to it.
		if _, err := db.write.ExecContext(ctx, `ANALYZE`); err != nil {
			db.log.Warn("store: analyze after import", "err", err)
		}
	}
	return rep, nil
}

// analyzeAfter is how many items an import must write before it updates
// PostgreSQL's planner statistics.
const analyzeAfter = 500

// importBundle is Import inside a transaction that holds the content
// lock. It reports whether anything changed.
func (t *tx) importBundle(ctx context.Context, b *clinic.Bundle, rep *clinic.ImportReport) (bool, error) {
	old, err := loadBundle(ctx, t)
	if err != nil {
		return false, fmt.Errorf("store: import: %w", err)
	}
	if err := validate(b, old); err != nil {
		return false, err
	}
	im := &importer{t: t, old: old, rep: rep}
	if err := im.run(ctx, b); err != nil {
		return false, err
	}
	if im.changed {
		_, err = t.bumpVersion(ctx)
	}
	return im.changed, err
}

// importer carries one import: the stored content it compares with,
// the counts and whether anything changed.
type importer struct {
	t       *tx
	old     *clinic.Bundle
	rep     *clinic.ImportReport
	changed bool
}

func (im *importer) run(ctx context.Context, b *clinic.Bundle) error {
	steps := []struct {
		what string
		run  func() error
	}{
		{"settings", func() error { return im.settings(ctx, b.Settings) }},
		{"pages", func() error { return im.pages(ctx, b.Pages) }},
		{"treatments", func() error { return im.treatments(ctx, b.Treatments) }},
		{"locations", func() error { return im.locations(ctx, b.Locations) }},
		{"doctors", func() error { return im.doctors(ctx, b.Doctors) }},
		{"categories", func() error { return im.categories(ctx, b.Categories) }},
		{"tags", func() error { return im.tags(ctx, b.Posts) }},
		{"posts", func() error { return im.posts(ctx, b.Posts) }},
		{"video FAQs", func() error { return im.videoFAQs(ctx, b.VideoFAQs) }},
		{"publications", func() error { return im.publications(ctx, b.Publications) }},
		{"redirects", func() error { return im.redirects(ctx, b.Redirects) }},
		{"menu", func() error { return im.menu(ctx, b.Menu) }},
	}
	for _, s := range steps {
		if err := s.run(); err != nil {
			return fmt.Errorf("store: import %s: %w", s.what, err)
		}
	}
	return nil
}

// syncItems compares each item, normalised, with its stored twin and
// calls write for those that are new or changed, counting as it goes.
func syncItems[T any](im *importer, items, stored []T, key func(T) string, norm func(T) T, write func(T) error) error {
	old := make(map[string]T, len(stored))
	for _, s := range stored {
		old[key(s)] = norm(s)
	}
	for _, it := range items {
		n := norm(it)
		prev, ok := old[key(n)]
		switch {
		case !ok:
			im.rep.Created++
		case !same(prev, n):
			im.rep.Updated++
		default:
			im.rep.Unchanged++
			continue
		}
		im.changed = true
		if err := write(n); err != nil {
			return fmt.Errorf("%s: %w", strconv.Quote(key(n)), err)
		}
	}
	return nil
}

// bumpVersion increases the content version and, on PostgreSQL, tells
// the other instances when the transaction commits.
func (t *tx) bumpVersion(ctx context.Context) (int64, error) {
	var v int64
	err := t.QueryRowContext(ctx,
		`UPDATE content_version SET version = version + 1 WHERE id = 1 RETURNING version`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: bump content version: %w", err)
	}
	if t.d.notifySQL != "" {
		if _, err := t.ExecContext(ctx, t.d.notifySQL, strconv.FormatInt(v, 10)); err != nil {
			return 0, fmt.Errorf("store: notify content version: %w", err)
		}
	}
	return v, nil
}

// replaceList replaces the rows of a join table that belong to owner with
// values in order; ins takes the owner, a value and its position.
func (t *tx) replaceList(ctx context.Context, del, ins, owner string, values []string) error {
	if _, err := t.ExecContext(ctx, del, owner); err != nil {
		return err
	}
	for i, v := range values {
		if _, err := t.ExecContext(ctx, ins, owner, v, i); err != nil {
			return err
		}
	}
	return nil
}
