// Package store implements the clinic's services on database/sql, for
// SQLite (modernc.org/sqlite, the default: one file in the data folder)
// and PostgreSQL (pgx), with one SQL text for both and a small dialect
// value for the few places where they differ.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver

	"clinic"
	"clinic/internal/seal"
)

// Options configure Open.
type Options struct {
	// DataDir holds clinic.db when the DSN is empty.
	DataDir string
	// Sealer encrypts protected health information. Without it the
	// intake methods fail; content works.
	Sealer *seal.Sealer
	// Now returns the current time; it defaults to time.Now.
	Now func() time.Time
	// Logger defaults to one that discards.
	Logger *slog.Logger
	// Reminders are how long before an appointment its reminders are
	// sent; nil means 48 and 2 hours.
	Reminders []time.Duration
	// Existing opens only a clinic database that is already there: a
	// missing SQLite file, or a PostgreSQL database without the clinic's
	// tables, is ENotFound rather than made. Every command but the server
	// opens with it, so a mistyped data folder is reported, not filled.
	Existing bool
}

// DB is the clinic's database. It implements clinic.ContentService and
// clinic.IntakeService.
type DB struct {
	read   *sql.DB // the pool for reads; on PostgreSQL the same as write
	write  *sql.DB // on SQLite a single connection that every write goes through
	d      *dialect
	dsn    string
	sealer *seal.Sealer
	now    func() time.Time
	log    *slog.Logger
	// reminders are how long before an appointment to remind the patient.
	reminders []time.Duration
	// zones are the time zones loaded, by name.
	zones sync.Map
}

var (
	_ clinic.ContentService = (*DB)(nil)
	_ clinic.IntakeService  = (*DB)(nil)
)

// Open opens the database named by dsn and brings its schema up to date.
// A dsn starting with postgres:// or postgresql:// selects PostgreSQL;
// anything else is the path of a SQLite file, and an empty dsn means
// clinic.db in opts.DataDir.
func Open(ctx context.Context, dsn string, opts Options) (*DB, error) {
	db := &DB{dsn: dsn, sealer: opts.Sealer, now: opts.Now, log: opts.Logger, reminders: opts.Reminders}
	if db.reminders == nil {
		db.reminders = []time.Duration{48 * time.Hour, 2 * time.Hour}
	}
	if db.now == nil {
		db.now = time.Now
	}
	if db.log == nil {
		db.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if isPostgres(dsn) {
		err = db.openPostgres(ctx, dsn)
	} else {
		err = db.openSQLite(ctx, dsn, opts.DataDir, opts.Existing)
	}
	if err != nil {
		return nil, err
	}
	if opts.Existing {
		if err := db.mustHaveSchema(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

func (db *DB) openPostgres(ctx context.Context, dsn string) error {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("store: open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxLifetime(30 * time.Minute)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return fmt.Errorf("store: connect to postgres: %w", err)
	}
	db.read, db.write, db.d = pool, pool, postgresDialect()
	return nil
}

// sqlitePragmas run on every new connection, busy_timeout first so that
// the others wait for a lock instead of failing.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
	"&_pragma=foreign_keys(1)"

func (db *DB) openSQLite(ctx context.Context, path, dataDir string, existing bool) error {
	if path == "" {
		if dataDir == "" {
			dataDir = "."
		}
		path = filepath.Join(dataDir, "clinic.db")
	}
	if strings.ContainsAny(path, "?#") {
		return fmt.Errorf("store: sqlite path %q must not contain ? or #", path)
	}
	if err := ownerOnly(path, existing); err != nil {
		return err
	}
	// The writer syncs the log at every commit (synchronous=FULL): a
	// booking or an upload record acknowledged to a person must survive a
	// power cut, not only a crash of the process.
	w, err := openSQLitePool(ctx, path+"?"+sqlitePragmas+"&_pragma=synchronous(FULL)&_txlock=immediate", 1)
	if err != nil {
		return err
	}
	readers := max(4, runtime.GOMAXPROCS(0))
	r, err := openSQLitePool(ctx, path+"?"+sqlitePragmas+"&_pragma=synchronous(NORMAL)&_pragma=query_only(1)", readers)
	if err != nil {
		w.Close()
		return err
	}
	db.read, db.write, db.d = r, w, sqliteDialect()
	return nil
}

// ownerOnly makes sure the SQLite file at path exists, readable and
// writable by its owner only: it is created so (with its folder) unless
// existing forbids, and a file others may read is closed to them. SQLite
// gives its -wal and -shm files the database file's mode.
func ownerOnly(path string, existing bool) error {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && existing:
		return clinic.Errorf(clinic.ENotFound, "There is no database at %s. Check CLINIC_DATA_DIR or CLINIC_DATABASE_URL; only the server (clinic serve) makes a new one.", path)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return fmt.Errorf("store: data folder: %w", err)
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return nil // another process made it meanwhile
		} else if err != nil {
			return fmt.Errorf("store: create database: %w", err)
		}
		return f.Close()
	case err != nil:
		return fmt.Errorf("store: database file: %w", err)
	case fi.Mode().Perm()&0o077 != 0:
		if err := os.Chmod(path, fi.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("store: database file: %w", err)
		}
	}
	return nil
}

// mustHaveSchema is ENotFound unless the database holds the clinic's
// tables.
func (db *DB) mustHaveSchema(ctx context.Context) error {
	var n int
	err := db.read.QueryRowContext(ctx, map[string]string{
		"sqlite":   `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'`,
		"postgres": `SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`,
	}[db.d.name]).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: look for the schema: %w", err)
	}
	if n == 0 {
		return clinic.Errorf(clinic.ENotFound, "The database holds no clinic data. Check CLINIC_DATA_DIR or CLINIC_DATABASE_URL; only the server (clinic serve) makes a new one.")
	}
	return nil
}

func openSQLitePool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	pool, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	pool.SetMaxOpenConns(conns)
	pool.SetMaxIdleConns(conns)
	pool.SetConnMaxIdleTime(0)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("store: open sqlite: %w", err)
	}
	return pool, nil
}

// Close closes the database.
func (db *DB) Close() error {
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers, for readiness probes. It uses
// the reader pool, so a long write does not hold it up.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Dialect names the database in use: "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.d.name }

// tx is a write transaction and the time it started.
type tx struct {
	*sql.Tx
	now time.Time
	d   *dialect
	db  *DB
}

// inTx runs fn in a write transaction started at now, committing when fn
// returns nil. On SQLite the transaction begins with BEGIN IMMEDIATE, so
// it holds the write lock from the start and never fails to upgrade. An
// audit event that ctx carries (clinic.WithAudit) is written in the same
// transaction, after fn's change.
func (db *DB) inTx(ctx context.Context, now time.Time, fn func(*tx) error) error {
	t, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	tt := &tx{Tx: t, now: now.UTC(), d: db.d, db: db}
	e := clinic.PendingAudit(ctx)
	if err := fn(tt); err != nil {
		t.Rollback()
		return err
	}
	if e != nil {
		if err := tt.appendAudit(ctx, e); err != nil {
			t.Rollback()
			e.ID = 0
			return err
		}
	}
	if err := t.Commit(); err != nil {
		if e != nil {
			e.ID = 0
		}
		return fmt.Errorf("store: commit: %w", err)
	}
	return nil
}

// lock serialises transactions that name the same key: a no-op on SQLite,
// where every write transaction holds the database's write lock, and a
// transaction-scoped advisory lock on PostgreSQL.
func (t *tx) lock(ctx context.Context, key string) error {
	if t.d.lockSQL == "" {
		return nil
	}
	if _, err := t.ExecContext(ctx, t.d.lockSQL, key); err != nil {
		return fmt.Errorf("store: lock %s: %w", key, err)
	}
	return nil
}

// querier is what *sql.DB and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
