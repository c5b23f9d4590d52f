package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// mustImport imports b and fails the test on error.
func mustImport(t *testing.T, db *DB, b *clinic.Bundle) clinic.ImportReport {
	t.Helper()
	rep, err := db.Import(context.Background(), b)
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return rep
}

func mustExport(t *testing.T, db *DB) *clinic.Bundle {
	t.Helper()
	b, err := db.Export(context.Background())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	return b
}

func mustVersion(t *testing.T, db *DB) int64 {
	t.Helper()
	v, err := db.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestImportThenExportGivesTheBundleBack(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		want := richBundle()
		rep := mustImport(t, db, richBundle())
		if diff := cmp.Diff(clinic.ImportReport{Created: bundleSize(want) - 1, Updated: 1}, rep); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, mustExport(t, db)); diff != "" {
			t.Errorf("export (-want +got):\n%s", diff)
		}
		if v := mustVersion(t, db); v != 1 {
			t.Errorf("version = %d after one import, want 1", v)
		}
	})
}

func TestImportingTwiceChangesNothing(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, richBundle())
		v := mustVersion(t, db)
		want := clinic.ImportReport{Unchanged: bundleSize(richBundle())}
		if diff := cmp.Diff(want, mustImport(t, db, richBundle())); diff != "" {
			t.Errorf("second import (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(want, mustImport(t, db, mustExport(t, db))); diff != "" {
			t.Errorf("import of the export (-want +got):\n%s", diff)
		}
		if got := mustVersion(t, db); got != v {
			t.Errorf("version went from %d to %d without a change", v, got)
		}
	})
}

func TestTimesCompareByInstant(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		b := richBundle()
		mustImport(t, db, b)
		// The same instants in another zone, with nanoseconds the
		// database does not keep, are no change.
		la, err := time.LoadLocation("America/Los_Angeles")
		if err != nil {
			t.Skip("no time zone data:", err)
		}
		b = richBundle()
		b.Pages[0].UpdatedAt = b.Pages[0].UpdatedAt.In(la).Add(999 * time.Nanosecond)
		b.Posts[1].PublishedAt = b.Posts[1].PublishedAt.In(la)
		rep := mustImport(t, db, b)
		if rep.Updated != 0 {
			t.Errorf("report %+v: times equal to the microsecond counted as changes", rep)
		}
	})
}

func TestImportAChangeBumpsTheVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(b *clinic.Bundle)
		report clinic.ImportReport // Unchanged is filled in
	}{
		{"a changed page title is an update", func(b *clinic.Bundle) { b.Pages[0].Title = "About the institute" },
			clinic.ImportReport{Updated: 1}},
		{"changed settings are an update", func(b *clinic.Bundle) { b.Settings.Phone = "(425) 555-0199" },
			clinic.ImportReport{Updated: 1}},
		{"new post tags update the join table", func(b *clinic.Bundle) { b.Posts[2].Tags = []string{"Posture", "Back pain"} },
			clinic.ImportReport{Updated: 1}},
		{"reordered related treatments are an update", func(b *clinic.Bundle) {
			b.Treatments[3].Related = []string{"epidural-steroid-injection", "lumbar-fusion"}
		}, clinic.ImportReport{Updated: 1}},
		{"a doctor's new locations and specialties are an update", func(b *clinic.Bundle) {
			b.Doctors[1].Locations = []string{"bellevue"}
			b.Doctors[1].Specialties = []string{"Foot surgery"}
		}, clinic.ImportReport{Updated: 1}},
		{"new opening hours are an update", func(b *clinic.Bundle) {
			b.Locations[1].Hours = append(b.Locations[1].Hours, clinic.OpeningHours{Days: "Fr", Opens: "08:00", Closes: "12:00"})
		}, clinic.ImportReport{Updated: 1}},
		{"a treatment moved to another category is an update", func(b *clinic.Bundle) {
			ts := b.Treatments
			ts[4].Parent = "injections"
			ts[3], ts[4] = ts[4], ts[3] // lists sort by parent
		}, clinic.ImportReport{Updated: 1}},
		{"a new redirect is created", func(b *clinic.Bundle) {
			b.Redirects = slices.Insert(b.Redirects, 1, &clinic.Redirect{From: "/new/", To: "/"})
		}, clinic.ImportReport{Created: 1}},
		{"a published draft is an update", func(b *clinic.Bundle) {
			draft := b.Posts[3]
			draft.Status, draft.PublishedAt = clinic.StatusPublished, day(-1)
			b.Posts = slices.Insert(b.Posts[:3], 1, draft) // newest first
		}, clinic.ImportReport{Updated: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			forEachDialect(t, func(t *testing.T, db *DB) {
				mustImport(t, db, richBundle())
				before := mustVersion(t, db)
				b := richBundle()
				tt.change(b)
				want := tt.report
				want.Unchanged = bundleSize(b) - want.Created - want.Updated
				if diff := cmp.Diff(want, mustImport(t, db, b)); diff != "" {
					t.Errorf("report (-want +got):\n%s", diff)
				}
				if got := mustVersion(t, db); got != before+1 {
					t.Errorf("version = %d, want %d", got, before+1)
				}
				if diff := cmp.Diff(b, mustExport(t, db)); diff != "" {
					t.Errorf("export (-want +got):\n%s", diff)
				}
			})
		})
	}
}

func TestItemsMissingFromTheBundleStay(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, richBundle())
		rep := mustImport(t, db, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "contact", Title: "Contact"}}})
		if diff := cmp.Diff(clinic.ImportReport{Created: 1}, rep); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		want := richBundle()
		want.Pages = append(want.Pages[:1], &clinic.Page{Slug: "contact", Title: "Contact"}, want.Pages[1])
		if diff := cmp.Diff(want, mustExport(t, db)); diff != "" {
			t.Errorf("export (-want +got):\n%s", diff)
		}
	})
}

func TestImportRejectsBadBundles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		change func(b *clinic.Bundle)
		want   string // in the error message
	}{
		{"a post by an unknown author", func(b *clinic.Bundle) { b.Posts[1].Author = "nobody" }, `post "acupuncture"`},
		{"a post in an unknown category", func(b *clinic.Bundle) { b.Posts[0].Category = "news" }, `category "news"`},
		{"a post with an unknown status", func(b *clinic.Bundle) { b.Posts[0].Status = "live" }, `status "live"`},
		{"a tag with no letters", func(b *clinic.Bundle) { b.Posts[0].Tags = []string{"!!"} }, `tag "!!"`},
		{"a treatment under an unknown category", func(b *clinic.Bundle) { b.Treatments[2].Parent = "massage" }, `"massage"`},
		{"a treatment under a treatment", func(b *clinic.Bundle) { b.Treatments[2].Parent = "kyphoplasty" }, `not a category`},
		{"a related treatment that does not exist", func(b *clinic.Bundle) { b.Treatments[3].Related = []string{"yoga"} }, `"yoga"`},
		{"a doctor at an unknown location", func(b *clinic.Bundle) { b.Doctors[0].Locations = []string{"tacoma"} }, `location "tacoma"`},
		{"a doctor with an unknown treatment", func(b *clinic.Bundle) { b.Doctors[1].Treatments = []string{"reiki"} }, `"reiki"`},
		{"a bad slug", func(b *clinic.Bundle) { b.Pages[0].Slug = "About Us" }, `page "About Us"`},
		{"a slug used twice", func(b *clinic.Bundle) { b.Pages[1].Slug = "about" }, `appears twice`},
		{"bad opening hours", func(b *clinic.Bundle) { b.Locations[0].Hours[0].Opens = "8am" }, `location "seattle"`},
		{"a redirect from a URL", func(b *clinic.Bundle) { b.Redirects[0].From = "https://x/" }, `redirect from`},
		{"a publication of an unknown kind", func(b *clinic.Bundle) { b.Publications[0].Kind = "poem" }, `kind "poem"`},
		{"a missing item", func(b *clinic.Bundle) { b.Doctors = append(b.Doctors, nil) }, `doctor number 3`},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		for _, tt := range tests {
			t.Run("import refuses "+tt.name, func(t *testing.T) {
				before, v := mustExport(t, db), mustVersion(t, db)
				b := richBundle()
				tt.change(b)
				_, err := db.Import(ctx, b)
				if clinic.ErrorKind(err) != clinic.EInvalid || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("Import error = %v; want invalid naming %s", err, tt.want)
				}
				if diff := cmp.Diff(before, mustExport(t, db)); diff != "" {
					t.Errorf("a failed import wrote (-before +after):\n%s", diff)
				}
				if got := mustVersion(t, db); got != v {
					t.Errorf("version %d -> %d after a failed import", v, got)
				}
			})
		}
	})
}

// TestAFailingWriteRollsBackTheImport makes the database refuse the last
// write of an import and checks that the earlier ones are gone too.
func TestAFailingWriteRollsBackTheImport(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		refuse := map[string][]string{
			"sqlite": {`CREATE TRIGGER refuse BEFORE INSERT ON redirects BEGIN SELECT RAISE(ABORT, 'refused'); END`},
			"postgres": {
				`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`,
				`CREATE TRIGGER refuse BEFORE INSERT ON redirects FOR EACH ROW EXECUTE FUNCTION refuse()`,
			},
		}
		for _, q := range refuse[db.Dialect()] {
			if _, err := db.write.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		before := mustExport(t, db)
		if _, err := db.Import(ctx, richBundle()); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Fatalf("Import error = %v, want the trigger's", err)
		}
		if diff := cmp.Diff(before, mustExport(t, db)); diff != "" {
			t.Errorf("a failed import wrote (-before +after):\n%s", diff)
		}
		if rs, err := firstResults(ctx, db, "kyphoplasty"); err != nil || len(rs) != 0 {
			t.Errorf("search after a failed import = %v, %v; want nothing", rs, err)
		}
		if v := mustVersion(t, db); v != 0 {
			t.Errorf("version = %d after a failed import", v)
		}
	})
}
