package store

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clinic/internal/pgtest"
	"clinic/internal/seal"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// forEachDialect runs fn against a SQLite file and a PostgreSQL database
// of its own, each with every migration applied: a copy of a database
// migrated once per test run, since migrating anew is most of the cost of
// a short test.
func forEachDialect(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, openTestDB(t, migratedSQLite(t)))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, openTestDB(t, migratedPostgres.NewDatabase(t)))
	})
}

func TestMain(m *testing.M) {
	code := m.Run()
	if err := migratedPostgres.Drop(); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	if migratedDir != "" {
		os.RemoveAll(migratedDir)
	}
	os.Exit(code)
}

// migrate opens the database at dsn, which brings its schema up to date,
// and closes it.
func migrate(dsn string) error {
	db, err := Open(context.Background(), dsn, Options{Now: func() time.Time { return testNow }})
	if err != nil {
		return err
	}
	return db.Close()
}

// migratedPostgres is a PostgreSQL database with every migration applied.
var migratedPostgres = pgtest.NewTemplate(migrate)

// migratedDir holds migratedSQLiteFile's database.
var migratedDir string

// migratedSQLiteFile is a SQLite file with every migration applied, made
// once per test run.
var migratedSQLiteFile = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "clinic-store-test-")
	if err != nil {
		return "", err
	}
	migratedDir = dir
	path := filepath.Join(dir, "migrated.db")
	return path, migrate(path)
})

// migratedSQLite copies migratedSQLiteFile for the test and returns the
// copy's path.
func migratedSQLite(t *testing.T) string {
	t.Helper()
	src, err := migratedSQLiteFile()
	if err != nil {
		t.Fatalf("migrate a SQLite database: %v", err)
	}
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "clinic.db")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// forEachDSN runs fn with the DSN of a fresh, empty database of each
// dialect, for tests that open it themselves.
func forEachDSN(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) {
		fn(t, filepath.Join(t.TempDir(), "clinic.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		fn(t, pgtest.NewDatabase(t))
	})
}

// testOptions are the options tests open databases with: a fixed key and
// a fixed clock.
func testOptions(t testing.TB) Options {
	t.Helper()
	s, err := seal.New(bytes.Repeat([]byte{7}, seal.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return Options{Sealer: s, Now: func() time.Time { return testNow }}
}

func openTestDB(t *testing.T, dsn string) *DB {
	t.Helper()
	db, err := Open(context.Background(), dsn, testOptions(t))
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
