package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "modernc.org/sqlite"
)

func TestUserCreateAndAuditVerify(t *testing.T) {
	t.Parallel()
	dir := newDataDir(t)
	out, err := clinicRun(t, dir, "user", "create", "--email", "Ada@Example.com", "--name", "Ada Admin", "--role", "admin")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "ada@example.com") || !strings.Contains(out, "/admin/reset/") {
		t.Errorf("output: %q", out)
	}
	t.Run("bad flags name what is wrong", func(t *testing.T) {
		for _, args := range [][]string{
			{"user", "create", "--email", "not-an-email", "--role", "admin"},
			{"user", "create", "--email", "b@example.com", "--role", "owner"},
			{"user", "create", "--email", "ada@example.com", "--role", "editor"},
			{"user", "delete"},
		} {
			if _, err := clinicRun(t, dir, args...); err == nil {
				t.Errorf("%v: no error", args)
			}
		}
	})
	out, err = clinicRun(t, dir, "audit", "verify")
	if err != nil || !strings.Contains(out, "1 events, chain intact") {
		t.Fatalf("verify: %q %v", out, err)
	}
	t.Run("a changed row is named", func(t *testing.T) {
		db, err := sql.Open("sqlite", filepath.Join(dir, "clinic.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		ctx := context.Background()
		for _, q := range []string{`DROP TRIGGER audit_events_no_update`, `UPDATE audit_events SET detail = 'role editor' WHERE id = 1`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		_, err = clinicRun(t, dir, "audit", "verify")
		if err == nil || !strings.Contains(err.Error(), "broken at event 1") {
			t.Errorf("verify after tampering: %v", err)
		}
	})
}
