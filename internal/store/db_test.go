package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"clinic/internal/seal"
)

// testNow is the fixed clock of the tests.
var testNow = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// defaultTestPostgres is the server the PostgreSQL half of the suite uses
// unless CLINIC_TEST_POSTGRES names another. Each test gets a database of
// its own there, dropped when the test ends.
const defaultTestPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

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
		fn(t, newPostgresDatabase(t))
	})
}

// testOptions are the options tests open databases with: a fixed key and
// a fixed clock.
func testOptions(t *testing.T) Options {
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

// newPostgresDatabase creates a database with a random name and returns
// its DSN. Without a server it skips the test, unless CI is set.
func newPostgresDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("CLINIC_TEST_POSTGRES")
	if admin == "" {
		admin = defaultTestPostgres
	}
	pool, err := sql.Open("pgx", admin)
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		err = pool.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("no PostgreSQL server at %s (set CLINIC_TEST_POSTGRES to test against one): %v", admin, err)
		}
		t.Fatalf("no PostgreSQL server at %s: %v", admin, err)
	}
	name := "clinic_test_" + randomSuffix(t)
	if _, err := pool.Exec(`CREATE DATABASE ` + name); err != nil {
		pool.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		pool.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func randomSuffix(t testing.TB) string {
	b := make([]byte, 6)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
