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
	"fmt"
	"net/url"
	"os"
	"sync"
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
	return newDatabase(t, "")
}

// newDatabase creates a database for the test, empty or as a copy of the
// database named template.
func newDatabase(t testing.TB, template string) string {
	t.Helper()
	pool := connect(t)
	name := randomName("clinic_test_")
	create := `CREATE DATABASE ` + name
	if template != "" {
		create += ` TEMPLATE ` + template
	}
	if _, err := pool.Exec(create); err != nil {
		pool.Close()
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if _, err := pool.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`); err != nil {
			t.Errorf("drop database %s: %v", name, err)
		}
		pool.Close()
	})
	u, err := databaseURL(name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// server is the URL of the server tests use.
func server() string {
	if s := os.Getenv("CLINIC_TEST_POSTGRES"); s != "" {
		return s
	}
	return DefaultServer
}

// connect opens a pool on the server's administrative database, or skips
// or fails the test when no server answers.
func connect(t testing.TB) *sql.DB {
	t.Helper()
	admin := server()
	pool, err := sql.Open("pgx", admin)
	if err == nil {
		// Long enough for a server busy with other tests' databases; a
		// machine with no server refuses the connection at once.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = pool.PingContext(ctx)
		cancel()
	}
	if err != nil {
		if pool != nil {
			pool.Close()
		}
		if os.Getenv("CI") == "" {
			t.Skipf("no PostgreSQL server at %s (set CLINIC_TEST_POSTGRES to test against one): %v", admin, err)
		}
		t.Fatalf("CI is set but no PostgreSQL server answers at %s: %v", admin, err)
	}
	return pool
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

// databaseURL is the URL of database name on the server.
func databaseURL(name string) (string, error) {
	u, err := url.Parse(server())
	if err != nil {
		return "", fmt.Errorf("pgtest: server URL: %w", err)
	}
	u.Path = "/" + name
	return u.String(), nil
}

// Template is a database made once per test binary, on first use, and
// copied for each test that asks with CREATE DATABASE … TEMPLATE, which is
// much quicker than making a database and running setup on it again. Call
// Drop from TestMain after the tests have run.
type Template struct {
	setup func(dsn string) error
	once  sync.Once
	name  string
	err   error
}

// NewTemplate returns a template whose database setup fills. Setup must
// close every connection it opens: PostgreSQL copies only a database that
// nobody is connected to.
func NewTemplate(setup func(dsn string) error) *Template {
	return &Template{setup: setup}
}

// NewDatabase creates a copy of the template for the test, drops it when
// the test ends and returns its URL. It skips or fails the test as
// NewDatabase does when no server answers.
func (tp *Template) NewDatabase(t testing.TB) string {
	t.Helper()
	connect(t).Close() // skips or fails here, outside the Once
	tp.once.Do(tp.make)
	if tp.err != nil {
		t.Fatalf("pgtest: template: %v", tp.err)
	}
	return newDatabase(t, tp.name)
}

// make creates the template database and runs setup on it.
func (tp *Template) make() {
	pool, err := sql.Open("pgx", server())
	if err != nil {
		tp.err = err
		return
	}
	defer pool.Close()
	name := randomName("clinic_test_template_")
	if _, err := pool.Exec(`CREATE DATABASE ` + name); err != nil {
		tp.err = fmt.Errorf("create %s: %w", name, err)
		return
	}
	tp.name = name
	dsn, err := databaseURL(name)
	if err == nil {
		err = tp.setup(dsn)
	}
	if err != nil {
		tp.err = fmt.Errorf("set up %s: %w", name, err)
	}
}

// Drop drops the template database, if it was made.
func (tp *Template) Drop() error {
	if tp.name == "" {
		return nil
	}
	pool, err := sql.Open("pgx", server())
	if err != nil {
		return err
	}
	defer pool.Close()
	if _, err := pool.Exec(`DROP DATABASE IF EXISTS ` + tp.name + ` WITH (FORCE)`); err != nil {
		return fmt.Errorf("pgtest: drop template %s: %w", tp.name, err)
	}
	return nil
}
