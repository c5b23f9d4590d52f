package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestReopeningAppliesNoMigration(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		db := openTestDB(t, dsn)
		ms, err := loadMigrations(db.Dialect())
		if err != nil {
			t.Fatal(err)
		}
		first := appliedRows(t, db)
		if len(first) != len(ms) {
			t.Errorf("%d migrations recorded, want %d", len(first), len(ms))
		}
		db.Close()
		db2 := openTestDB(t, dsn)
		if err := db2.migrate(ctx); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, appliedRows(t, db2)); diff != "" {
			t.Errorf("schema_migrations changed on reopening (-first +now):\n%s", diff)
		}
	})
}

// appliedRows returns schema_migrations as text.
func appliedRows(t *testing.T, db *DB) []string {
	t.Helper()
	rows, err := db.read.Query(`SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v int
		var name string
		var at any
		if err := rows.Scan(&v, &name, &at); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v, name, at))
	}
	return out
}

// column is what the schema comparison looks at: the name and whether
// NULL is allowed. Types differ between the dialects by design.
type column struct {
	Name     string
	Nullable bool
}

func TestDialectsHaveTheSameTablesAndColumns(t *testing.T) {
	t.Parallel()
	schemas := map[string]map[string][]column{}
	forEachDialect(t, func(t *testing.T, db *DB) {
		schemas[db.Dialect()] = schemaOf(t, db)
		if len(schemas[db.Dialect()]) < 20 {
			t.Errorf("only %d tables", len(schemas[db.Dialect()]))
		}
	})
	if len(schemas) < 2 {
		t.Skip("need both dialects to compare")
	}
	if diff := cmp.Diff(schemas["sqlite"], schemas["postgres"]); diff != "" {
		t.Errorf("schemas differ (-sqlite +postgres):\n%s", diff)
	}
}

// schemaOf lists the tables and columns of db, leaving out what only
// serves full-text search: SQLite's FTS5 tables and their shadow tables,
// and PostgreSQL's tsvector column and table of words.
func schemaOf(t *testing.T, db *DB) map[string][]column {
	t.Helper()
	query := map[string]string{
		"sqlite": `SELECT m.name, c.name, c."notnull" = 0
			FROM sqlite_schema m, pragma_table_info(m.name) c
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
				AND m.name NOT LIKE 'search\_fts%' ESCAPE '\'`,
		"postgres": `SELECT table_name, column_name, is_nullable = 'YES'
			FROM information_schema.columns
			WHERE table_schema = 'public' AND NOT (table_name = 'search_docs' AND column_name = 'tsv')
				AND table_name <> 'search_words'`,
	}[db.Dialect()]
	rows, err := db.read.Query(query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	schema := map[string][]column{}
	for rows.Next() {
		var table string
		var c column
		if err := rows.Scan(&table, &c.Name, &c.Nullable); err != nil {
			t.Fatal(err)
		}
		schema[table] = append(schema[table], c)
	}
	for _, cols := range schema {
		slices.SortFunc(cols, func(a, b column) int { return strings.Compare(a.Name, b.Name) })
	}
	return schema
}
