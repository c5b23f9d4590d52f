package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
	"clinic/internal/pgtest"
)

func TestCopyToWritesADatabaseThatOpensOnItsOwn(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTestDB(t, filepath.Join(t.TempDir(), "clinic.db"))
	mustImport(t, db, richBundle())
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := db.CopyTo(ctx, copyPath); err != nil {
		t.Fatal(err)
	}
	// A write after the copy stays out of it.
	mustImport(t, db, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "about", Title: "About us, changed"}}})
	if _, err := os.Stat(copyPath + "-wal"); err == nil {
		t.Error("the copy has a write-ahead log beside it")
	}
	c := openTestDB(t, copyPath)
	if got := mustVersion(t, c); got != 1 {
		t.Errorf("the copy's content version = %d, want 1", got)
	}
	page, err := c.Page(ctx, "about")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("About us", page.Title); diff != "" {
		t.Errorf("the copy's page title (-want +got):\n%s", diff)
	}
	t.Run("the copy takes writes of its own", func(t *testing.T) {
		mustImport(t, c, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "contact", Title: "Contact"}}})
		if got := mustVersion(t, c); got != 2 {
			t.Errorf("version after a write to the copy = %d, want 2", got)
		}
	})
	t.Run("an existing file is not overwritten", func(t *testing.T) {
		before, _ := os.ReadFile(copyPath)
		if err := db.CopyTo(ctx, copyPath); err == nil {
			t.Error("CopyTo onto an existing database: no error")
		}
		if after, _ := os.ReadFile(copyPath); string(after) != string(before) {
			t.Error("CopyTo changed the existing file")
		}
	})
}

func TestCopyToRefusesPostgreSQL(t *testing.T) {
	t.Parallel()
	db := openTestDB(t, pgtest.NewDatabase(t))
	err := db.CopyTo(context.Background(), filepath.Join(t.TempDir(), "copy.db"))
	if clinic.ErrorKind(err) != clinic.EInvalid {
		t.Errorf("CopyTo on PostgreSQL: %v, want an invalid-request error", err)
	}
}
