package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"clinic/internal/pgtest"
	"clinic/internal/seal"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// forEachDialect runs fn against a fresh SQLite file and a fresh
// PostgreSQL database.
func forEachDialect(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	forEachDSN(t, func(t *testing.T, dsn string) {
		fn(t, openTestDB(t, dsn))
	})
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
