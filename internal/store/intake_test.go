package store

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func newMessage(addr string) *clinic.ContactMessage {
	return &clinic.ContactMessage{Name: "Jane Roe", Email: "jane.roe@example.com", Phone: "(206) 555-0123",
		Message: "My lower back hurts when I sit.", ClientAddr: addr}
}

func TestContactMessagesAreSealed(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		m := newMessage("203.0.113.7")
		if err := db.CreateContactMessage(ctx, m, testNow); err != nil {
			t.Fatal(err)
		}
		if m.ID == 0 || m.Status != clinic.LeadNew || !m.CreatedAt.Equal(testNow) {
			t.Errorf("message after create: id %d, status %q, created %v", m.ID, m.Status, m.CreatedAt)
		}
		var hash string
		var sealed []byte
		err := db.read.QueryRow(`SELECT client_hash, sealed FROM contact_messages WHERE id = $1`, m.ID).Scan(&hash, &sealed)
		if err != nil {
			t.Fatal(err)
		}
		for _, plain := range []string{m.Email, m.Name, m.Phone, "lower back", m.ClientAddr} {
			if bytes.Contains(sealed, []byte(plain)) || strings.Contains(hash, plain) {
				t.Errorf("the stored row holds %q in plain text", plain)
			}
		}
		got, err := db.ContactMessage(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := *m
		want.ClientAddr = "" // only its hash is kept
		if diff := cmp.Diff(&want, got); diff != "" {
			t.Errorf("message read back (-want +got):\n%s", diff)
		}
	})
}

func TestContactMessageQueuesANoticeWithoutPHI(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		m := newMessage("203.0.113.7")
		if err := db.CreateContactMessage(ctx, m, testNow); err != nil {
			t.Fatal(err)
		}
		out, err := db.OutboxPending(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != 1 {
			t.Fatalf("%d outbox messages, want 1", len(out))
		}
		o := out[0]
		want := &clinic.OutboxMessage{ID: o.ID, Kind: "staff_contact_notice", To: "frontdesk@example.com",
			Subject: "New message from the website", Body: o.Body, CreatedAt: testNow, NextTryAt: testNow}
		if diff := cmp.Diff(want, o); diff != "" {
			t.Errorf("outbox message (-want +got):\n%s", diff)
		}
		if !strings.Contains(o.Body, "/admin/leads/"+strconv.FormatInt(m.ID, 10)) {
			t.Errorf("notice %q does not link to the lead", o.Body)
		}
		for _, phi := range []string{"Jane", "jane.roe", "555-0123", "back hurts"} {
			if strings.Contains(o.Subject+o.Body, phi) {
				t.Errorf("notice holds %q", phi)
			}
		}
	})
}

func TestContactFloodLimit(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		send := func(addr string, at time.Time) error {
			return db.CreateContactMessage(ctx, newMessage(addr), at)
		}
		for i := range clinic.ContactFlood {
			if err := send("203.0.113.7", testNow.Add(time.Duration(i)*time.Minute)); err != nil {
				t.Fatalf("message %d: %v", i+1, err)
			}
		}
		err := send("203.0.113.7", testNow.Add(30*time.Minute))
		if clinic.ErrorKind(err) != clinic.ETooMany {
			t.Errorf("message %d within the hour: error %v, want too many", clinic.ContactFlood+1, err)
		}
		if err := send("198.51.100.9", testNow.Add(30*time.Minute)); err != nil {
			t.Errorf("another address was refused: %v", err)
		}
		if err := send("203.0.113.7", testNow.Add(clinic.ContactFloodWindow+time.Minute)); err != nil {
			t.Errorf("a message after the window was refused: %v", err)
		}
		var n int
		if err := db.read.QueryRow(`SELECT count(*) FROM contact_messages`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if want := clinic.ContactFlood + 2; n != want {
			t.Errorf("%d messages stored, want %d (the refused one must not be)", n, want)
		}
		out, err := db.OutboxPending(ctx, 100)
		if err != nil || len(out) != n {
			t.Errorf("%d notices queued (%v), want one per message", len(out), err)
		}
	})
}

func TestContactMessageNotFound(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		if _, err := db.ContactMessage(context.Background(), 12345); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("error = %v, want not found", err)
		}
	})
}

func TestIntakeNeedsASealer(t *testing.T) {
	t.Parallel()
	db, err := Open(context.Background(), t.TempDir()+"/clinic.db", Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CreateContactMessage(context.Background(), newMessage("x"), testNow); err == nil {
		t.Error("a message was stored without a sealer")
	}
}
