package store

import (
	"context"
	"database/sql"
	"fmt"

	"clinic"
)

// Export returns every content item, drafts included, in the order of
// the lists: pages by slug, treatments by parent and order, doctors and
// locations by order, categories by name, posts newest first, video FAQs
// by order, publications newest first, redirects by path.
func (db *DB) Export(ctx context.Context) (*clinic.Bundle, error) {
	opts := &sql.TxOptions{ReadOnly: true, Isolation: db.d.snapshot}
	t, err := db.read.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	defer t.Rollback()
	b, err := loadBundle(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("store: export: %w", err)
	}
	return b, nil
}

// loadBundle reads everything stored.
func loadBundle(ctx context.Context, q querier) (*clinic.Bundle, error) {
	b := &clinic.Bundle{}
	s, err := loadSettings(ctx, q)
	if err != nil {
		return nil, err
	}
	b.Settings = *s
	steps := []struct {
		what string
		load func() error
	}{
		{"pages", func() (err error) { b.Pages, err = loadPages(ctx, q, ""); return }},
		{"treatments", func() (err error) { b.Treatments, err = loadTreatments(ctx, q, ""); return }},
		{"doctors", func() (err error) { b.Doctors, err = loadDoctors(ctx, q, ""); return }},
		{"locations", func() (err error) { b.Locations, err = loadLocations(ctx, q, ""); return }},
		{"categories", func() (err error) { b.Categories, err = loadCategories(ctx, q, ""); return }},
		{"posts", func() (err error) { b.Posts, err = loadAllPosts(ctx, q); return }},
		{"video FAQs", func() (err error) { b.VideoFAQs, err = loadVideoFAQs(ctx, q); return }},
		{"publications", func() (err error) { b.Publications, err = loadPublications(ctx, q); return }},
		{"redirects", func() (err error) { b.Redirects, err = loadRedirects(ctx, q, ""); return }},
		{"menu", func() (err error) { b.Menu, err = loadMenu(ctx, q); return }},
	}
	for _, s := range steps {
		if err := s.load(); err != nil {
			return nil, fmt.Errorf("%s: %w", s.what, err)
		}
	}
	return b, nil
}
