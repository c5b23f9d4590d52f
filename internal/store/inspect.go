package store

import (
	"context"
	"fmt"
)

// tablesQuery lists the tables of the database, per dialect.
var tablesQuery = map[string]string{
	"sqlite": `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`,
	"postgres": `SELECT table_name FROM information_schema.tables
		WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
}

// EachValue calls fn with every value of every table as the database
// holds it, sealed fields still sealed: what a copy of the database or a
// backup would give away. It serves checks that no secret or patient
// detail rests there in plain text.
func (db *DB) EachValue(ctx context.Context, fn func(table, column, value string) error) error {
	var tables []string
	rows, err := db.read.QueryContext(ctx, tablesQuery[db.d.name])
	if err != nil {
		return fmt.Errorf("store: list tables: %w", err)
	}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return fmt.Errorf("store: list tables: %w", err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: list tables: %w", err)
	}
	for _, table := range tables {
		if err := db.eachValueOf(ctx, table, fn); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) eachValueOf(ctx context.Context, table string, fn func(table, column, value string) error) error {
	rows, err := db.read.QueryContext(ctx, `SELECT * FROM "`+table+`"`)
	if err != nil {
		return fmt.Errorf("store: read %s: %w", table, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return fmt.Errorf("store: read %s: %w", table, err)
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: read %s: %w", table, err)
		}
		for i, v := range vals {
			if v == nil {
				continue
			}
			s, ok := v.([]byte)
			text := string(s)
			if !ok {
				text = fmt.Sprint(v)
			}
			if err := fn(table, cols[i], text); err != nil {
				return err
			}
		}
	}
	return rows.Err()
}
