// Package pgtest gives tests a fresh PostgreSQL database of their own.
//
// Tests use the server named by CLINIC_TEST_POSTGRES, or
// postgres://postgres@127.0.0.1:5432/postgres. Where no server answers,
// the test is skipped with a message, unless CI is set: then it fails,
// so that a CI run can never pass with the PostgreSQL half unrun.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// DefaultServer is the server tests use unless CLINIC_TEST_POSTGRES names
// another.
const DefaultServer = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// NewDatabase creates a database with a random name, drops it when the
// test ends and returns its URL.
func NewDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("CLINIC_TEST_POSTGRES")
	if admin == "" {
		admin = DefaultServer
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
		t.Fatalf("CI is set but no PostgreSQL server answers at %s: %v", admin, err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	name := "clinic_test_" + hex.EncodeToString(b)
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
