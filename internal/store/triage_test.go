package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestTriageAnswersAreKeptSealed(t *testing.T) {
	t.Parallel()
	answers := map[string][]string{"where": {"low_back", "buttock_leg"}, "pain_now": {"7"}, "health": {"blood_thinner"}}
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		a := appt("ann-lee", time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), 30)
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
		t.Run("answers kept with an appointment read back as given", func(t *testing.T) {
			if err := db.AttachTriage(ctx, a.ID, answers); err != nil {
				t.Fatal(err)
			}
			got, err := db.AppointmentTriage(ctx, a.ID)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(answers, got.Answers); diff != "" {
				t.Errorf("answers (-want +got):\n%s", diff)
			}
		})
		t.Run("a second set replaces the first", func(t *testing.T) {
			second := map[string][]string{"where": {"neck"}}
			if err := db.AttachTriage(ctx, a.ID, second); err != nil {
				t.Fatal(err)
			}
			got, err := db.AppointmentTriage(ctx, a.ID)
			if err != nil || !cmp.Equal(second, got.Answers) {
				t.Fatalf("got %v, %v; want the second set", got, err)
			}
		})
		t.Run("no answer is stored in the clear", func(t *testing.T) {
			var sealed []byte
			if err := db.read.QueryRow(`SELECT sealed FROM triage_results WHERE appointment_id = $1`, a.ID).Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(sealed, []byte("neck")) {
				t.Error("the answers are stored in the clear")
			}
		})
		t.Run("an appointment without answers is not found", func(t *testing.T) {
			if _, err := db.AppointmentTriage(ctx, a.ID+1000); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("err = %v, want not found", err)
			}
		})
		t.Run("answers for no appointment are refused", func(t *testing.T) {
			if err := db.AttachTriage(ctx, a.ID+1000, answers); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("err = %v, want not found", err)
			}
		})
	})
}

func TestTriageLead(t *testing.T) {
	t.Parallel()
	answers := map[string][]string{"where": {"neck"}, "age": {"40-49"}}
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		m := &clinic.ContactMessage{Name: "Ann Example", Email: "ann@example.com", Phone: "206 555 0100",
			Message: "Please call me about my answers.", ClientAddr: "192.0.2.7"}
		if err := db.CreateTriageLead(ctx, m, answers, testNow); err != nil {
			t.Fatal(err)
		}
		t.Run("the lead is in the front desk's inbox", func(t *testing.T) {
			got, err := db.ContactMessage(ctx, m.ID)
			if err != nil || got.Name != m.Name || got.Status != clinic.LeadNew {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
		t.Run("its answers are kept with it", func(t *testing.T) {
			got, err := db.MessageTriage(ctx, m.ID)
			if err != nil || !cmp.Equal(answers, got.Answers) {
				t.Fatalf("got %+v, %v", got, err)
			}
		})
		t.Run("staff are told, without the answers", func(t *testing.T) {
			ms, err := db.OutboxPending(ctx, 10)
			if err != nil || len(ms) != 1 || bytes.Contains([]byte(ms[0].Body), []byte("neck")) {
				t.Fatalf("outbox %v, %v", ms, err)
			}
		})
		t.Run("the contact form's flood limit applies", func(t *testing.T) {
			var err error
			for range clinic.ContactFlood {
				err = db.CreateTriageLead(ctx, &clinic.ContactMessage{Name: "A", Email: "a@example.com", Message: "x", ClientAddr: "192.0.2.7"}, answers, testNow)
			}
			if clinic.ErrorKind(err) != clinic.ETooMany {
				t.Errorf("err = %v, want too many", err)
			}
		})
	})
}
