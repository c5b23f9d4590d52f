package store

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"clinic"
)

// With Existing, Open refuses to make a database: a missing SQLite file or
// a PostgreSQL database without the clinic's tables is ENotFound, and
// nothing is created; once the database is there it opens.
func TestOpenExistingMakesNothing(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		opts := testOptions(t)
		opts.Existing = true
		if _, err := Open(ctx, dsn, opts); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Fatalf("an empty database: %v, want not found", err)
		}
		if !isPostgres(dsn) {
			if _, err := os.Stat(dsn); !os.IsNotExist(err) {
				t.Errorf("the SQLite file was made: %v", err)
			}
		}
		openTestDB(t, dsn).Close()
		db, err := Open(ctx, dsn, opts)
		if err != nil {
			t.Fatalf("an existing database: %v", err)
		}
		db.Close()
	})
}

func TestNewSQLiteFileIsTheOwnersOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "clinic.db")
	openTestDB(t, path)
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 600", fi.Mode().Perm())
	}
}
