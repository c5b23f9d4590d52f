package pgtest

import (
	"context"
	"database/sql"
	"testing"
)

func query(t *testing.T, dsn, q string) []string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		got = append(got, s)
	}
	return got
}

func TestTemplateCopiesAreSeparateCopiesOfTheSetup(t *testing.T) {
	setups := 0
	tp := NewTemplate(func(dsn string) error {
		setups++
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return err
		}
		defer db.Close()
		_, err = db.Exec(`CREATE TABLE note (text TEXT); INSERT INTO note VALUES ('from the setup')`)
		return err
	})
	t.Cleanup(func() {
		if err := tp.Drop(); err != nil {
			t.Error(err)
		}
	})
	a, b := tp.NewDatabase(t), tp.NewDatabase(t)
	if a == b {
		t.Fatalf("two copies share the URL %s", a)
	}
	query(t, a, `INSERT INTO note VALUES ('only in a') RETURNING text`)
	if got := query(t, a, `SELECT text FROM note ORDER BY text`); len(got) != 2 {
		t.Errorf("copy a holds %q, want the setup's row and its own", got)
	}
	if got := query(t, b, `SELECT text FROM note`); len(got) != 1 || got[0] != "from the setup" {
		t.Errorf("copy b holds %q, want only the setup's row", got)
	}
	if setups != 1 {
		t.Errorf("setup ran %d times, want once", setups)
	}
}
