package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"clinic"
)

// A message with a one-time link keeps its text sealed in the outbox,
// gives it to the worker that sends it, and loses it once sent or given up.
func TestSecretMailIsSealedUntilSent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		const link = "https://clinic.example/admin/reset/secret-token-of-the-test"
		for _, to := range []string{"sent@example.com", "failed@example.com"} {
			m := &clinic.OutboxMessage{Kind: "staff_password_reset", To: to, Subject: "Reset", Body: "Open " + link, Secret: true}
			if err := db.QueueMail(ctx, m); err != nil {
				t.Fatal(err)
			}
		}
		rests := func() (plain, sealed int) {
			db.EachValue(ctx, func(table, column, value string) error {
				if strings.Contains(value, "secret-token") {
					plain++
				}
				if column == "body_sealed" {
					sealed++
				}
				return nil
			})
			return plain, sealed
		}
		if plain, sealed := rests(); plain != 0 || sealed != 2 {
			t.Fatalf("queued: %d plain copies, %d sealed bodies; want 0 and 2", plain, sealed)
		}
		ms, err := db.ClaimMail(ctx, testNow, 10, time.Minute)
		if err != nil || len(ms) != 2 {
			t.Fatalf("claim: %v, %d messages", err, len(ms))
		}
		for _, m := range ms {
			if !strings.Contains(m.Body, link) || !m.Secret {
				t.Errorf("the worker got %q", m.Body)
			}
			if m.To == "sent@example.com" {
				err = db.MailSent(ctx, m.ID, testNow)
			} else {
				err = db.MailFailed(ctx, m.ID, testNow, time.Time{}, "550 no such user")
			}
			if err != nil {
				t.Fatal(err)
			}
		}
		if plain, sealed := rests(); plain != 0 || sealed != 0 {
			t.Errorf("after sending and giving up: %d plain copies, %d sealed bodies; want none", plain, sealed)
		}
	})
}
