package store

import (
	"context"
	"testing"
)

// TestTheDatabaseEnforcesIntegrity writes around the store, with plain
// SQL, and expects the database itself to refuse.
func TestTheDatabaseEnforcesIntegrity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		sql  string
	}{
		{"a second page with the same slug", `INSERT INTO pages (slug, title, description, body) VALUES ('about', 'x', '', '')`},
		{"a post by a doctor who does not exist", `INSERT INTO posts (slug, title, description, author_slug, category_slug, status, body)
			VALUES ('new-post', 'x', '', 'nobody', 'exercise', 'draft', '')`},
		{"a post in a category that does not exist", `INSERT INTO posts (slug, title, description, author_slug, category_slug, status, body)
			VALUES ('new-post', 'x', '', 'ann-lee', 'nothing', 'draft', '')`},
		{"a post with an unknown status", `INSERT INTO posts (slug, title, description, author_slug, category_slug, status, body)
			VALUES ('new-post', 'x', '', 'ann-lee', 'exercise', 'live', '')`},
		{"a treatment under a missing parent", `INSERT INTO treatments (slug, title, parent_slug, kind, sort_order, description, summary, body)
			VALUES ('yoga', 'Yoga', 'wellness', 'therapy', 1, '', '', '')`},
		{"deleting a category that has treatments", `DELETE FROM treatments WHERE slug = 'injections'`},
		{"deleting a doctor who wrote posts", `DELETE FROM doctors WHERE slug = 'ann-lee'`},
		{"a tag on a post that does not exist", `INSERT INTO post_tags (post_slug, tag_slug, position) VALUES ('nothing', 'back-pain', 9)`},
		{"a doctor at a location that does not exist", `INSERT INTO doctor_locations (doctor_slug, location_slug, position) VALUES ('ann-lee', 'tacoma', 9)`},
		{"a second redirect from the same path", `INSERT INTO redirects (from_path, to_path) VALUES ('/old-about/', '/x')`},
		{"a publication of an unknown kind", `INSERT INTO publications (slug, kind, title, authors, venue, year, url, summary)
			VALUES ('p', 'poem', '', '', '', 2020, '', '')`},
		{"opening hours that are not a time", `INSERT INTO location_hours (location_slug, position, days, opens, closes)
			VALUES ('seattle', 9, 'Su', '9am', '17:00')`},
		{"a second settings row", `INSERT INTO settings (id) VALUES (2)`},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, richBundle())
		for _, tt := range tests {
			t.Run("the database refuses "+tt.name, func(t *testing.T) {
				_, err := db.write.ExecContext(context.Background(), tt.sql)
				t.Logf("refused: %v", err)
				if err == nil {
					t.Errorf("the database accepted: %s", tt.sql)
				}
			})
		}
	})
}
