package wordpress

import (
	"context"
	"path/filepath"
	"testing"

	"clinic"
	"clinic/internal/store"

	"github.com/google/go-cmp/cmp"
)

// TestImportIntoStore imports a converted export into a real store, then
// the same export converted again: the store accepts the first and finds
// nothing to change in the second.
func TestImportIntoStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "clinic.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	doctors := &clinic.Bundle{Doctors: []*clinic.Doctor{
		{Slug: "maria-reyes-md", Name: "María Reyes"}, {Slug: "james-park-pa-c", Name: "James Park"}}}
	if _, err := db.Import(ctx, doctors); err != nil {
		t.Fatal(err)
	}
	opt := testOptions()
	opt.Author = func(a Author) string {
		if a.Login == "jpark" {
			return "james-park-pa-c"
		}
		return "maria-reyes-md"
	}
	importSite := func() clinic.ImportReport {
		t.Helper()
		r, err := Convert(readSite(t, clinicSite()), opt)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := db.Import(ctx, r.Bundle)
		if err != nil {
			t.Fatalf("import: %v", err)
		}
		return rep
	}
	items := 7 + 4 + 5 + 22 // posts, pages, categories, redirects
	if diff := cmp.Diff(clinic.ImportReport{Created: items}, importSite()); diff != "" {
		t.Errorf("first import (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(clinic.ImportReport{Unchanged: items}, importSite()); diff != "" {
		t.Errorf("second import (-want +got):\n%s", diff)
	}
	post, err := db.Post(ctx, "acupuncture-for-chronic-back-pain", importNow)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"Exercise", "Übungen"}, post.Tags); diff != "" {
		t.Errorf("stored tags (-want +got):\n%s", diff)
	}
}
