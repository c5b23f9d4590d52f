package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"testing"

	"clinic/internal/pgtest"
)

// hasTrigrams reports whether db can ask pg_trgm, and whether the index
// of words by trigrams is there.
func hasTrigrams(t *testing.T, db *DB) (operator, index bool) {
	t.Helper()
	err := db.read.QueryRow(`SELECT to_regoperator('%(text,text)') IS NOT NULL,
		to_regclass('search_words_trgm') IS NOT NULL`).Scan(&operator, &index)
	if err != nil {
		t.Fatal(err)
	}
	return operator, index
}

func TestPostgresSuggestsByTrigrams(t *testing.T) {
	db := openTestDB(t, pgtest.NewDatabase(t))
	if op, index := hasTrigrams(t, db); !op || !index {
		t.Fatalf("pg_trgm: operator %v, index %v; the test server ships pg_trgm, so the migration should have made both", op, index)
	}
	mustImport(t, db, searchBundle())
	t.Run("trigrams find a word whose first letter is missing", func(t *testing.T) {
		if got := suggestion(t, db, "ciatica", 0); got != "sciatica" {
			t.Errorf("suggestion = %q, want sciatica", got)
		}
	})
	t.Run("first letters alone do not", func(t *testing.T) {
		words, err := queryRows(context.Background(), db.read, scanSiteWord, tsNearSQL, nearByLettersArgs("ciatica", 2)...)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := closest("ciatica", words); ok {
			t.Errorf("first letters found %q", got)
		}
	})
}

func TestPostgresWordsFollowTheDocuments(t *testing.T) {
	db := openTestDB(t, pgtest.NewDatabase(t))
	b := searchBundle()
	mustImport(t, db, b)
	has := func(word string) bool {
		t.Helper()
		var n int
		if err := db.read.QueryRow(`SELECT count(*) FROM search_words WHERE word = $1`, word).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 1
	}
	if !has("sciatica") || !has("podiatrist") || has("spondylolisthesis") {
		t.Fatalf("after the import: sciatica %v, podiatrist %v, spondylolisthesis %v",
			has("sciatica"), has("podiatrist"), has("spondylolisthesis"))
	}
	b.Pages[2].Title, b.Pages[2].Body = "Leg pain", "Pain down the leg."
	b.Posts[len(b.Posts)-2].Body = "Some of our patients have spondylolisthesis. They arrived."
	mustImport(t, db, b)
	for _, tt := range []struct {
		name, word string
		want       bool
	}{
		{"a word no document holds any more goes", "sciatica", false},
		{"a new word comes", "spondylolisthesis", true},
		{"a word another document holds stays", "patients", true},
		{"another word that only this document held goes", "care", false},
		{"a word whose stem a document still holds stays", "arrive", true},
		{"a stop word stays", "our", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if has(tt.word) != tt.want {
				t.Errorf("%s in search_words: %v, want %v", tt.word, !tt.want, tt.want)
			}
		})
	}
}

// TestPostgresWithoutTrigrams opens a database as a role that may make
// tables but not extensions, as on a server where pg_trgm cannot be
// created (the extension the booking tables need is made beforehand):
// the migrations still succeed and suggestions go by first letters.
func TestPostgresWithoutTrigrams(t *testing.T) {
	dsn := pgtest.NewDatabase(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	role, password := "clinic_test_role_"+hex.EncodeToString(b), hex.EncodeToString(b)
	for _, stmt := range []string{
		`CREATE EXTENSION btree_gist`, // which the booking migrations need
		`CREATE ROLE ` + role + ` LOGIN PASSWORD '` + password + `'`,
		`GRANT CREATE ON SCHEMA public TO ` + role,
	} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	t.Cleanup(func() { dropRole(t, dsn, role) })
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.UserPassword(role, password)
	db := openTestDB(t, u.String())
	if op, index := hasTrigrams(t, db); op || index {
		t.Fatalf("pg_trgm: operator %v, index %v; want neither for a role that may not create extensions", op, index)
	}
	mustImport(t, db, searchBundle())
	for q, want := range map[string]string{"siatica": "sciatica", "ciatica": "", "leg pian": "leg pain"} {
		if got := suggestion(t, db, q, 0); got != want {
			t.Errorf("suggestion for %q = %q, want %q", q, got, want)
		}
	}
}

// dropRole drops role and what it owns in the database at dsn.
func dropRole(t *testing.T, dsn, role string) {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Error(err)
		return
	}
	defer admin.Close()
	for _, stmt := range []string{`DROP OWNED BY ` + role, `DROP ROLE ` + role} {
		if _, err := admin.Exec(stmt); err != nil {
			t.Errorf("%s: %v", stmt, err)
		}
	}
}
