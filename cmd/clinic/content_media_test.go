package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clinic"
	"clinic/internal/media"
	"clinic/internal/store"
)

// withDB opens the data folder's database for the length of fn.
func withDB(t *testing.T, dataDir string, fn func(db *store.DB)) {
	t.Helper()
	db, err := openExisting(context.Background(), Config{DataDir: dataDir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(db)
}

// addImage puts a photo through the upload pipeline into the library.
func addImage(t *testing.T, db *store.DB, alt string) *clinic.Media {
	t.Helper()
	img, err := media.Process(testPhoto(t), media.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	m := &clinic.Media{Hash: img.SHA256, Alt: alt, Ext: "jpg"}
	var files []clinic.MediaFile
	for _, v := range img.Variants {
		m.Widths, m.Width, m.Height = append(m.Widths, v.Width), v.Width, v.Height
		files = append(files, clinic.MediaFile{Name: m.FileName(v.Width), ContentType: v.ContentType, Data: v.Data})
	}
	if err := db.SaveMedia(context.Background(), m, files, 0); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestContentExportCarriesTheMediaLibrary(t *testing.T) {
	t.Parallel()
	from, dir := newDataDir(t), t.TempDir()
	if out, err := clinicRun(t, from, "content", "import", "../../content"); err != nil {
		t.Fatalf("import the demo: %v\n%s", err, out)
	}
	var m *clinic.Media
	withDB(t, from, func(db *store.DB) { m = addImage(t, db, "A model of the lumbar spine") })
	out, err := clinicRun(t, from, "content", "export", dir)
	if err != nil || !strings.Contains(out, "and 1 images") {
		t.Fatalf("export: %v\n%s", err, out)
	}
	for _, w := range m.Widths {
		if _, err := os.Stat(filepath.Join(dir, "media", m.FileName(w))); err != nil {
			t.Errorf("file of width %d: %v", w, err)
		}
	}

	to := newDataDir(t)
	if out, err := clinicRun(t, to, "content", "import", dir); err != nil || !strings.Contains(out, "images: 1 created, 0 updated, 0 unchanged") {
		t.Fatalf("import of the export: %v\n%s", err, out)
	}
	withDB(t, to, func(db *store.DB) {
		ms, _, err := db.MediaList(context.Background(), 0, 0)
		if err != nil || len(ms) != 1 || ms[0].Hash != m.Hash || ms[0].Alt != m.Alt || ms[0].Width != m.Width || ms[0].Height != m.Height {
			t.Fatalf("library after import: %+v, %v", ms, err)
		}
		withDB(t, from, func(src *store.DB) {
			for _, w := range m.Widths {
				a, _ := src.MediaFile(context.Background(), m.FileName(w))
				b, err := db.MediaFile(context.Background(), m.FileName(w))
				if err != nil || !bytes.Equal(a.Data, b.Data) || b.ContentType != "image/jpeg" {
					t.Errorf("file of width %d came back changed: %v", w, err)
				}
			}
		})
	})
	t.Run("importing again changes nothing", func(t *testing.T) {
		out, err := clinicRun(t, to, "content", "import", dir)
		if err != nil || !strings.Contains(out, "images: 0 created, 0 updated, 1 unchanged") {
			t.Errorf("%v\n%s", err, out)
		}
	})
	t.Run("a description changed in media.md is updated", func(t *testing.T) {
		manifest := filepath.Join(dir, "media.md")
		text, _ := os.ReadFile(manifest)
		os.WriteFile(manifest, bytes.Replace(text, []byte("lumbar spine"), []byte("lower spine"), 1), 0o644)
		out, err := clinicRun(t, to, "content", "import", dir)
		if err != nil || !strings.Contains(out, "images: 0 created, 1 updated") {
			t.Errorf("%v\n%s", err, out)
		}
	})
	t.Run("a damaged image file stops the import before anything is written", func(t *testing.T) {
		os.WriteFile(filepath.Join(dir, "media", m.FileName(m.Widths[0])), []byte("not a picture"), 0o644)
		fresh := newDataDir(t)
		out, err := clinicRun(t, fresh, "content", "import", dir)
		if err == nil || !strings.Contains(err.Error(), "media.md:") || !strings.Contains(err.Error(), m.FileName(m.Widths[0])) {
			t.Fatalf("import of a damaged tree: %v\n%s", err, out)
		}
		withDB(t, fresh, func(db *store.DB) {
			if b, _ := db.Export(context.Background()); len(b.Posts) != 0 {
				t.Errorf("%d posts were imported from a tree that was refused", len(b.Posts))
			}
		})
	})
}
