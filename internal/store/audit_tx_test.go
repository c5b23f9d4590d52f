package store

import (
	"context"
	"testing"

	"clinic"
)

// A change made under clinic.WithAudit and its event are committed together
// or not at all, and the chain stays whole.
func TestAuditInTheChangesTransaction(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		m := newMessage("203.0.113.7")
		if err := db.CreateContactMessage(ctx, m, testNow); err != nil {
			t.Fatal(err)
		}
		u := &clinic.User{Email: "desk@example.com", Name: "Desk", Role: clinic.RoleFrontDesk, PasswordHash: "x"}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		ok := &clinic.AuditEvent{Actor: "desk@example.com", Action: "lead.note", Record: "lead:1"}
		if err := db.AddLeadNote(clinic.WithAudit(ctx, ok), &clinic.LeadNote{MessageID: m.ID, AuthorID: u.ID, Text: "Called back."}); err != nil {
			t.Fatal(err)
		}
		if ok.ID == 0 {
			t.Error("the event of a made change was not written with it")
		}
		refused := &clinic.AuditEvent{Actor: "desk@example.com", Action: "lead.note", Record: "lead:999"}
		if err := db.AddLeadNote(clinic.WithAudit(ctx, refused), &clinic.LeadNote{MessageID: 999, AuthorID: u.ID, Text: "No such lead."}); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Fatalf("a note on no lead: %v", err)
		}
		if refused.ID != 0 {
			t.Error("the event of a change that was not made was written")
		}
		if clinic.PendingAudit(clinic.WithAudit(ctx, ok)) != nil {
			t.Error("a written event is still pending")
		}
		es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "lead."})
		if err != nil {
			t.Fatal(err)
		}
		if len(es) != 1 || es[0].Record != "lead:1" {
			t.Errorf("events: %+v, want the one of the made change", es)
		}
		if broken, _, err := db.VerifyAudit(ctx); broken != 0 || err != nil {
			t.Errorf("chain broken at %d: %v", broken, err)
		}
	})
}
