package store

import (
	"database/sql"
	"fmt"
	"time"
)

// dialect holds what differs between SQLite and PostgreSQL. Everything
// else is one SQL text with $1-style placeholders.
type dialect struct {
	name string // "sqlite" or "postgres"
	// migrationsTable creates the table that records applied migrations.
	migrationsTable string
	// lockSQL takes a transaction-scoped lock on the text $1; empty when
	// write transactions are serialised anyway.
	lockSQL string
	// notifySQL tells other instances the new content version, $1, as
	// text; empty when there is no one to tell.
	notifySQL string
	// search is the full-text search, run on the reader pool.
	search searchEngine
	// textTime is set when times are stored as text.
	textTime bool
	// postOrder sorts posts newest first, undated last, in the order of
	// the posts_* indexes so that a page of posts reads only its rows.
	postOrder string
	// snapshot is the isolation level that gives a read transaction one
	// consistent view of the database.
	snapshot sql.IsolationLevel
	// skipLocked ends a SELECT that takes rows no other transaction holds;
	// empty where one writer holds the whole database.
	skipLocked string
}

func sqliteDialect() *dialect {
	return &dialect{
		name: "sqlite",
		migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version INTEGER PRIMARY KEY NOT NULL,
			name TEXT NOT NULL,
			applied_at TEXT NOT NULL
		) STRICT`,
		search:    ftsEngine{vocab: &ftsVocab{}},
		textTime:  true,
		postOrder: ` ORDER BY p.published_at DESC, p.slug DESC`, // NULLs sort last

	}
}

func postgresDialect() *dialect {
	return &dialect{
		name: "postgres",
		migrationsTable: `CREATE TABLE IF NOT EXISTS schema_migrations (
			version integer PRIMARY KEY NOT NULL,
			name text NOT NULL,
			applied_at timestamptz NOT NULL
		)`,
		lockSQL:    `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, // 64 bits: no collisions to arrange
		notifySQL:  `SELECT pg_notify('clinic_content', $1)`,
		search:     tsEngine{},
		snapshot:   sql.LevelRepeatableRead,
		skipLocked: ` FOR UPDATE SKIP LOCKED`,
		postOrder:  ` ORDER BY p.published_at DESC NULLS LAST, p.slug DESC`,
	}
}

// sqliteTimeLayout is RFC 3339 in UTC with a fixed-width fraction, so that
// stored times sort as text.
const sqliteTimeLayout = "2006-01-02T15:04:05.000000Z"

// normTime is t as the database gives it back: UTC, whole microseconds,
// and the zero time for the zero instant.
func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

// timeArg is t as a query argument; the zero time is NULL.
func (d *dialect) timeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = normTime(t)
	if d.textTime {
		return t.Format(sqliteTimeLayout)
	}
	return t
}

// timeCol scans a time column of either dialect; NULL is the zero time.
type timeCol struct{ t *time.Time }

func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
	case time.Time:
		*c.t = normTime(v)
	case string:
		return c.parse(v)
	case []byte:
		return c.parse(string(v))
	default:
		return fmt.Errorf("store: scan %T as a time", src)
	}
	return nil
}

func (c timeCol) parse(s string) error {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("store: scan time: %w", err)
	}
	*c.t = normTime(t)
	return nil
}

// nullText is s as a query argument, NULL when empty, for optional
// references.
func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// textCol scans a nullable text column; NULL is "".
type textCol struct{ s *string }

func (c textCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.s = ""
	case string:
		*c.s = v
	case []byte:
		*c.s = string(v)
	default:
		return fmt.Errorf("store: scan %T as text", src)
	}
	return nil
}
