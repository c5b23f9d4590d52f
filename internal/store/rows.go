package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"clinic"
)

// scanner is a row to scan: *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

// queryRows runs query and scans each row with scan.
func queryRows[T any](ctx context.Context, q querier, scan func(scanner) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// one returns the only element of vs, or an ENotFound error naming what
// was looked for.
func one[T any](vs []T, err error, what string) (T, error) {
	var zero T
	if err != nil {
		return zero, fmt.Errorf("store: %s: %w", what, err)
	}
	if len(vs) == 0 {
		return zero, notFound(what)
	}
	return vs[0], nil
}

// get loads the one item with the given key. The loaders read every item
// for the key "", so get answers ENotFound for it without asking.
func get[T any](ctx context.Context, q querier, load func(context.Context, querier, string) ([]T, error), key, what string) (T, error) {
	if key == "" {
		var zero T
		return zero, notFound(what)
	}
	vs, err := load(ctx, q, key)
	return one(vs, err, what)
}

// list wraps the error of a query for many rows.
func list[T any](vs []T, err error, what string) ([]T, error) {
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	return vs, nil
}

// notFound says that what, which reads like `page "about"`, does not
// exist.
func notFound(what string) error {
	return clinic.Errorf(clinic.ENotFound, "no %s", what)
}

// queryLists runs a query whose rows are (owner, value) pairs, in order,
// and groups the values by owner.
func queryLists(ctx context.Context, q querier, query string, args ...any) (map[string][]string, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string][]string{}
	for rows.Next() {
		var owner, v string
		if err := rows.Scan(&owner, &v); err != nil {
			return nil, err
		}
		m[owner] = append(m[owner], v)
	}
	return m, rows.Err()
}

// placeholders returns "$from, $from+1, …" for n arguments.
func placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("$" + strconv.Itoa(from+i))
	}
	return b.String()
}

// anys converts strings to query arguments.
func anys(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// isNoRows reports whether err says a single-row query found nothing.
func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// isForeignKey reports whether err is a refused reference to a row that
// does not exist, on either database.
// isUnique reports a unique constraint's refusal, on either database.
func isUnique(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE") || strings.Contains(s, "23505")
}

func isForeignKey(err error) bool {
	s := err.Error()
	return strings.Contains(s, "FOREIGN KEY") || strings.Contains(s, "23503")
}
