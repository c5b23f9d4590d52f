package store

import (
	"context"
	"strings"

	"clinic"
)

// Menu returns the main navigation, in order.
func (db *DB) Menu(ctx context.Context) ([]*clinic.MenuItem, error) {
	items, err := loadMenu(ctx, db.read)
	return list(items, err, "menu")
}

func loadMenu(ctx context.Context, q querier) ([]*clinic.MenuItem, error) {
	return queryRows(ctx, q, func(s scanner) (*clinic.MenuItem, error) {
		it := &clinic.MenuItem{}
		return it, s.Scan(&it.Name, &it.URL)
	}, `SELECT name, url FROM menu_items ORDER BY position`)
}

// menu replaces the stored menu with b's when b has one and it differs;
// the menu counts as one item.
func (im *importer) menu(ctx context.Context, items []*clinic.MenuItem) error {
	if items == nil {
		return nil
	}
	switch {
	case same(normList(im.old.Menu), normList(items)):
		im.rep.Unchanged++
		return nil
	case len(im.old.Menu) == 0:
		im.rep.Created++
	default:
		im.rep.Updated++
	}
	im.changed = true
	if _, err := im.t.ExecContext(ctx, `DELETE FROM menu_items`); err != nil {
		return err
	}
	for i, it := range items {
		if _, err := im.t.ExecContext(ctx, `INSERT INTO menu_items (position, name, url) VALUES ($1, $2, $3)`, i+1, it.Name, it.URL); err != nil {
			return err
		}
	}
	return nil
}

// checkMenu checks the links of a menu.
func checkMenu(items []*clinic.MenuItem) error {
	if len(items) > clinic.MaxMenuItems {
		return invalid("the menu has %d links; it holds at most %d", len(items), clinic.MaxMenuItems)
	}
	for i, it := range items {
		switch {
		case it == nil || strings.TrimSpace(it.Name) == "":
			return invalid("menu link number %d has no name", i+1)
		case !strings.HasPrefix(it.URL, "/") && !strings.HasPrefix(it.URL, "https://") && !strings.HasPrefix(it.URL, "http://"):
			return invalid("menu link %q: the address must be a path starting with / or an http(s) URL", it.Name)
		case strings.HasPrefix(it.URL, "//"):
			return invalid("menu link %q: the address must be a path of this site or a full URL", it.Name)
		}
	}
	return nil
}
