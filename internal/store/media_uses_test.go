package store

import (
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// testImage is an image of two widths whose files hold made-up bytes: the
// store keeps files as they come.
func testImage(hashDigit, alt string) (*clinic.Media, []clinic.MediaFile) {
	m := &clinic.Media{Hash: strings.Repeat(hashDigit, 64), Alt: alt, Width: 960, Height: 640, Ext: "jpg", Widths: []int{480, 960}}
	var files []clinic.MediaFile
	for _, w := range m.Widths {
		files = append(files, clinic.MediaFile{Name: m.FileName(w), ContentType: "image/jpeg", Data: []byte("jpeg " + m.FileName(w))})
	}
	return m, files
}

func TestAnImageInUseIsNotDeleted(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ed := editorDB(t, db)
		m, files := testImage("a", "A model of the spine")
		if err := db.SaveMedia(ctx, m, files, ed.ID); err != nil {
			t.Fatal(err)
		}
		other, otherFiles := testImage("b", "A chair")
		db.SaveMedia(ctx, other, otherFiles, ed.ID)
		img := "\n\n" + m.Markdown()
		p, _ := db.PostAny(ctx, "backpacks")
		p.Body += img
		if err := db.SavePost(ctx, p, "backpacks", ed.ID); err != nil {
			t.Fatal(err)
		}
		b := richBundle()
		b.Pages[0].Body += img
		mustImport(t, db, &clinic.Bundle{Pages: b.Pages[:1]})
		draft, _ := db.PostAny(ctx, "torn-disc")
		draft.Body = "Pending with " + other.Markdown()
		db.SavePending(ctx, "torn-disc", -1, draft, ed.ID)
		pending, _ := db.PostAny(ctx, "backpacks")
		db.SavePending(ctx, "backpacks", -1, pending, ed.ID)

		uses, err := db.MediaUses(ctx, m.ID)
		want := []clinic.MediaUse{{Kind: "pages", Slug: "about", Title: "About us"}, {Kind: "post", Slug: "backpacks", Title: "Backpacks and your spine"}}
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, uses); diff != "" {
			t.Errorf("uses (-want +got):\n%s", diff)
		}
		if err := db.DeleteMedia(ctx, m.ID); clinic.ErrorKind(err) != clinic.EConflict || !strings.Contains(err.Error(), "2 pages and posts") {
			t.Errorf("delete in use: %v", err)
		}
		if _, err := db.MediaFile(ctx, m.FileName(480)); err != nil {
			t.Errorf("a refused delete lost a file: %v", err)
		}
		t.Run("a post's pending revision counts as a use", func(t *testing.T) {
			uses, _ := db.MediaUses(ctx, other.ID)
			if diff := cmp.Diff([]clinic.MediaUse{{Kind: "post", Slug: "torn-disc", Title: "Can a torn disc heal?", Pending: true}}, uses); diff != "" {
				t.Errorf("uses (-want +got):\n%s", diff)
			}
		})
		t.Run("an image nothing shows is deleted with its files", func(t *testing.T) {
			db.DiscardPending(ctx, "torn-disc")
			v0, _ := db.Version(ctx)
			if err := db.DeleteMedia(ctx, other.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.MediaFile(ctx, other.FileName(960)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("file: %v", err)
			}
			if v1, _ := db.Version(ctx); v1 <= v0 {
				t.Error("the content version did not move")
			}
			if err := db.DeleteMedia(ctx, other.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("delete twice: %v", err)
			}
		})
	})
}

func TestImportMediaCountsAndKeepsFiles(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		var rep clinic.ImportReport
		m, files := testImage("c", "A desk")
		if err := db.ImportMedia(ctx, m, files, &rep); err != nil {
			t.Fatal(err)
		}
		again, _ := testImage("c", "A desk")
		db.ImportMedia(ctx, again, files, &rep)
		renamed, _ := testImage("c", "A standing desk")
		db.ImportMedia(ctx, renamed, files, &rep)
		if diff := cmp.Diff(clinic.ImportReport{Created: 1, Updated: 1, Unchanged: 1}, rep); diff != "" {
			t.Errorf("report (-want +got):\n%s", diff)
		}
		f, err := db.MediaFile(ctx, m.FileName(960))
		if err != nil || string(f.Data) != "jpeg "+m.FileName(960) {
			t.Errorf("file = %+v, %v", f, err)
		}
		ms, _, _ := db.MediaList(ctx, 0, 0)
		if len(ms) != 1 || ms[0].Alt != "A standing desk" || !cmp.Equal(ms[0].Widths, []int{480, 960}) {
			t.Errorf("library = %+v", ms)
		}
		for _, c := range []struct {
			name string
			edit func(*clinic.Media)
		}{
			{"no description", func(m *clinic.Media) { m.Alt = " " }},
			{"a hash that is not one", func(m *clinic.Media) { m.Hash = "../../etc" }},
			{"fewer files than widths", func(m *clinic.Media) { m.Widths = []int{480, 960, 1600} }},
		} {
			t.Run(c.name+" is refused", func(t *testing.T) {
				bad, files := testImage("d", "A lamp")
				c.edit(bad)
				if err := db.ImportMedia(ctx, bad, files, &rep); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("err = %v", err)
				}
			})
		}
	})
}
