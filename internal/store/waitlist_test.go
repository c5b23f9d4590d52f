package store

import (
	"context"
	"testing"
	"time"

	"clinic"
)

func waiter(name string, before time.Time) *clinic.WaitlistEntry {
	return &clinic.WaitlistEntry{Provider: "ann-lee", Location: "seattle", Type: "follow-up", Before: before,
		Patient: clinic.PatientDetails{Name: name, DateOfBirth: "1970-01-01", Phone: "555-0100", Email: name + "@example.com"}}
}

func waitStatus(t *testing.T, db *DB, id int64) (status string, appt int64) {
	t.Helper()
	var a *int64
	if err := db.read.QueryRow(`SELECT status, appointment_id FROM waitlist WHERE id = $1`, id).Scan(&status, &a); err != nil {
		t.Fatal(err)
	}
	if a != nil {
		appt = *a
	}
	return status, appt
}

func TestWaitlistOffersFreedTimeInOrder(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		nine := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
		x := appt("ann-lee", nine, 30)
		if _, err := db.Book(ctx, x); err != nil {
			t.Fatal(err)
		}
		early := waiter("early", nine.Add(-time.Hour)) // wants a time before the one freed
		first, second := waiter("first", nine.Add(48*time.Hour)), waiter("second", nine.Add(48*time.Hour))
		elsewhere := waiter("elsewhere", nine.Add(48*time.Hour))
		elsewhere.Location = "bellevue"
		for _, e := range []*clinic.WaitlistEntry{early, elsewhere, first, second} {
			if err := db.JoinWaitlist(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SetStatus(ctx, x.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		_, holdID := waitStatus(t, db, first.ID)
		t.Run("the first who waits for that office and fits gets a 30-minute hold", func(t *testing.T) {
			for _, e := range []*clinic.WaitlistEntry{early, elsewhere, second} {
				if s, _ := waitStatus(t, db, e.ID); s != clinic.WaitWaiting {
					t.Errorf("%s: %s", e.Patient.Name, s)
				}
			}
			hold, err := db.Appointment(ctx, holdID)
			if err != nil || hold.Patient.Name != "first" || !hold.Start.Equal(nine) || !hold.HeldUntil.Equal(testNow.Add(clinic.HoldFor)) || hold.End.Sub(hold.Start) != 20*time.Minute {
				t.Fatalf("hold: %+v, %v", hold, err)
			}
			if kinds := mailKinds(t, db, holdID); len(kinds) != 1 || kinds[0] != "waitlist_offer queued" {
				t.Errorf("mail: %v", kinds)
			}
			if _, err := db.Book(ctx, appt("ann-lee", nine, 30)); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("the held time could be booked: %v", err)
			}
		})
		t.Run("a hold that runs out goes to the next in line", func(t *testing.T) {
			n, err := db.ReleaseHolds(ctx, testNow.Add(clinic.HoldFor+time.Second))
			if err != nil || n != 1 {
				t.Fatalf("released %d, %v", n, err)
			}
			if s, _ := waitStatus(t, db, first.ID); s != clinic.WaitWaiting {
				t.Errorf("first: %s, want waiting again", s)
			}
			if kinds := mailKinds(t, db, holdID); len(kinds) != 1 {
				t.Errorf("a lapsed hold sent mail: %v", kinds)
			}
			s, next := waitStatus(t, db, second.ID)
			if s != clinic.WaitOffered || next == 0 || next == holdID {
				t.Fatalf("second: %s %d", s, next)
			}
			holdID = next
		})
		t.Run("taking the hold books it with a confirmation and reminders", func(t *testing.T) {
			got, err := db.ConfirmHold(ctx, holdID, 0)
			if err != nil || !got.HeldUntil.IsZero() {
				t.Fatalf("confirm: %+v, %v", got, err)
			}
			if s, _ := waitStatus(t, db, second.ID); s != clinic.WaitBooked {
				t.Errorf("second: %s", s)
			}
			want := []string{"appointment_booked queued", "appointment_reminder queued", "appointment_reminder queued", "waitlist_offer queued"}
			if got := mailKinds(t, db, holdID); len(got) != 4 || got[0] != want[0] || got[3] != want[3] {
				t.Errorf("mail: %v", got)
			}
		})
		t.Run("cancelling a taken hold offers the time on like any cancellation", func(t *testing.T) {
			if _, err := db.SetStatus(ctx, holdID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
				t.Fatal(err)
			}
			if s, _ := waitStatus(t, db, second.ID); s != clinic.WaitBooked {
				t.Errorf("second: %s", s)
			}
			if s, _ := waitStatus(t, db, first.ID); s != clinic.WaitOffered {
				t.Errorf("first: %s, want offered again", s)
			}
		})
		_, last := waitStatus(t, db, first.ID)
		t.Run("a lapsed hold cannot be taken", func(t *testing.T) {
			db.now = func() time.Time { return testNow.Add(time.Hour) }
			defer func() { db.now = func() time.Time { return testNow } }()
			if _, err := db.ConfirmHold(ctx, last, 0); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("saying no to a hold leaves the list", func(t *testing.T) {
			if _, err := db.SetStatus(ctx, last, 0, clinic.ApptCancelled, "Cancelled by the patient online."); err != nil {
				t.Fatal(err)
			}
			if s, _ := waitStatus(t, db, first.ID); s != clinic.WaitWithdrawn {
				t.Errorf("first: %s", s)
			}
			if n, _ := db.ReleaseHolds(ctx, testNow.Add(2*time.Hour)); n != 0 {
				t.Errorf("released %d", n)
			}
		})
		t.Run("joining with a date in the past or an unknown clinician is refused", func(t *testing.T) {
			if err := db.JoinWaitlist(ctx, waiter("late", testNow.Add(-time.Hour))); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("past: %v", err)
			}
			bad := waiter("nobody", nine)
			bad.Provider = "nobody"
			if err := db.JoinWaitlist(ctx, bad); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("unknown clinician: %v", err)
			}
		})
	})
}
