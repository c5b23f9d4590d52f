package store

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestAuditChain(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		var wg sync.WaitGroup
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := db.Audit(ctx, &clinic.AuditEvent{ActorID: int64(i % 3), Actor: fmt.Sprintf("u%d@example.com", i%3),
					Action: "post.update", Record: fmt.Sprintf("post:p%d", i), Address: "192.0.2.7"})
				if err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		db.Audit(ctx, &clinic.AuditEvent{Actor: "anonymous", Action: "sign_in", Outcome: clinic.AuditRefused})

		t.Run("concurrent appends make one unbroken chain", func(t *testing.T) {
			broken, n, err := db.VerifyAudit(ctx)
			if err != nil || broken != 0 || n != 21 {
				t.Errorf("VerifyAudit = %d, %d, %v; want 0, 21, nil", broken, n, err)
			}
		})
		t.Run("filters select by actor, action prefix and outcome, newest first", func(t *testing.T) {
			es, _ := db.AuditEvents(ctx, clinic.AuditFilter{Action: "post.", ActorID: 1})
			if len(es) != 7 {
				t.Fatalf("%d events of actor 1", len(es))
			}
			for i := 1; i < len(es); i++ {
				if es[i].ID >= es[i-1].ID {
					t.Fatal("not newest first")
				}
			}
			es, _ = db.AuditEvents(ctx, clinic.AuditFilter{Outcome: clinic.AuditRefused})
			if len(es) != 1 || es[0].Action != "sign_in" || es[0].ID != 21 {
				t.Errorf("refusals = %+v", es)
			}
			all, _ := db.AuditEvents(ctx, clinic.AuditFilter{})
			for _, e := range all {
				f := clinic.AuditFilter{Action: "post.", ActorID: 1}
				if f.Matches(e) != (e.Action == "post.update" && e.ActorID == 1) {
					t.Errorf("Matches disagrees on %d", e.ID)
				}
			}
		})
		t.Run("the database refuses to change or delete an event", func(t *testing.T) {
			if _, err := db.write.Exec(`UPDATE audit_events SET actor = 'someone else' WHERE id = 3`); err == nil {
				t.Error("an update went through")
			}
			if _, err := db.write.Exec(`DELETE FROM audit_events WHERE id = 3`); err == nil {
				t.Error("a delete went through")
			}
		})
	})
}

func TestAuditVerifyNamesTheFirstBrokenRow(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		for i := range 5 {
			db.Audit(ctx, &clinic.AuditEvent{Actor: "a@example.com", Action: "lead.read", Record: fmt.Sprintf("lead:%d", i)})
		}
		// Someone with direct access to the database gets round the
		// trigger and rewrites row 3.
		disable, enable := `DROP TRIGGER audit_events_no_update`, ""
		if db.Dialect() == "postgres" {
			disable = `ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change`
			enable = `ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change`
		}
		mustExec(t, db, disable)
		mustExec(t, db, `UPDATE audit_events SET record = 'lead:99' WHERE id = 3`)
		if enable != "" {
			mustExec(t, db, enable)
		}
		broken, n, err := db.VerifyAudit(ctx)
		if diff := cmp.Diff([]any{int64(3), 2}, []any{broken, n}); diff != "" || err != nil {
			t.Errorf("VerifyAudit (-want +got):\n%s%v", diff, err)
		}
	})
}

func mustExec(t *testing.T, db *DB, q string) {
	t.Helper()
	if _, err := db.write.Exec(q); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
