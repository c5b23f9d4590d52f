package store

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// mailKinds lists an appointment's messages as "kind state" lines.
func mailKinds(t *testing.T, db *DB, id int64) []string {
	t.Helper()
	ms, err := db.AppointmentMail(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range ms {
		out = append(out, m.Kind+" "+m.State())
	}
	slices.Sort(out)
	return out
}

func TestMovingAndCancellingAppointments(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		nine := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
		a, other := appt("ann-lee", nine, 30), appt("ann-lee", nine.Add(2*time.Hour), 30)
		for _, x := range []*clinic.Appointment{a, other} {
			if _, err := db.Book(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("booking queues a confirmation and two reminders", func(t *testing.T) {
			want := []string{"appointment_booked queued", "appointment_reminder queued", "appointment_reminder queued"}
			if diff := cmp.Diff(want, mailKinds(t, db, a.ID)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
		t.Run("a move onto a taken time is refused and changes nothing", func(t *testing.T) {
			_, err := db.Move(ctx, a.ID, 0, clinic.Move{Provider: "ann-lee", Location: "seattle",
				Start: other.Start.Add(10 * time.Minute), End: other.Start.Add(40 * time.Minute)})
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Fatalf("err = %v, want a conflict", err)
			}
			got, _ := db.Appointment(ctx, a.ID)
			if !got.Start.Equal(nine) || got.Sequence != 0 {
				t.Errorf("after a refused move: %v seq %d", got.Start, got.Sequence)
			}
		})
		later := nine.Add(24 * time.Hour)
		t.Run("a move bumps the sequence and replaces the reminders", func(t *testing.T) {
			got, err := db.Move(ctx, a.ID, 0, clinic.Move{Provider: "ben-ortiz", Location: "bellevue",
				Start: later, End: later.Add(30 * time.Minute), Buffer: 10 * time.Minute})
			if err != nil {
				t.Fatal(err)
			}
			stored, _ := db.Appointment(ctx, a.ID)
			if stored.Sequence != 1 || got.Sequence != 1 || !stored.Start.Equal(later) || stored.Provider != "ben-ortiz" {
				t.Errorf("after the move: %+v", stored)
			}
			want := []string{"appointment_booked queued", "appointment_moved queued",
				"appointment_reminder queued", "appointment_reminder queued", "appointment_reminder withdrawn", "appointment_reminder withdrawn"}
			ms, _ := db.AppointmentMail(ctx, a.ID)
			for _, m := range ms {
				if m.State() == clinic.MailWithdrawn && m.LastError != "not sent: the appointment moved" {
					t.Errorf("withdrawn because %q", m.LastError)
				}
			}
			if diff := cmp.Diff(want, mailKinds(t, db, a.ID)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
		t.Run("the old time is free again", func(t *testing.T) {
			if _, err := db.Book(ctx, appt("ann-lee", nine, 30)); err != nil {
				t.Error(err)
			}
		})
		t.Run("a change from a stale version is refused", func(t *testing.T) {
			_, err := db.SetStatus(ctx, a.ID, 0, clinic.ApptCancelled, "patient called")
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v, want a conflict", err)
			}
		})
		t.Run("status changes keep the sequence", func(t *testing.T) {
			got, err := db.SetStatus(ctx, a.ID, 1, clinic.ApptConfirmed, "")
			if err != nil || got.Status != clinic.ApptConfirmed || got.Sequence != 1 {
				t.Errorf("confirm: %+v, %v", got, err)
			}
		})
		t.Run("cancelling needs a reason", func(t *testing.T) {
			if _, err := db.SetStatus(ctx, a.ID, 1, clinic.ApptCancelled, "  "); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("err = %v", err)
			}
			if _, err := db.SetStatus(ctx, a.ID, 1, "gone", ""); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("unknown status: %v", err)
			}
		})
		t.Run("cancelling frees the time, tells the patient and withdraws the reminders", func(t *testing.T) {
			got, err := db.SetStatus(ctx, a.ID, 1, clinic.ApptCancelled, "Patient is feeling better")
			if err != nil || got.Sequence != 2 || got.CancelReason != "Patient is feeling better" {
				t.Fatalf("cancel: %+v, %v", got, err)
			}
			var stored []byte
			db.read.QueryRow(`SELECT cancel_sealed FROM appointments WHERE id = $1`, a.ID).Scan(&stored)
			if again, _ := db.Appointment(ctx, a.ID); again.CancelReason != "Patient is feeling better" || strings.Contains(string(stored), "feeling") {
				t.Errorf("the reason is not kept sealed: %q", stored)
			}
			want := []string{"appointment_booked withdrawn", "appointment_cancelled queued", "appointment_moved withdrawn",
				"appointment_reminder withdrawn", "appointment_reminder withdrawn", "appointment_reminder withdrawn", "appointment_reminder withdrawn"}
			if diff := cmp.Diff(want, mailKinds(t, db, a.ID)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if _, err := db.Book(ctx, appt("ben-ortiz", later, 30)); err != nil {
				t.Errorf("booking the freed time: %v", err)
			}
			if _, err := db.SetStatus(ctx, a.ID, 2, clinic.ApptConfirmed, ""); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("a cancelled appointment came back: %v", err)
			}
		})
		t.Run("a block of time gets no mail", func(t *testing.T) {
			b := appt("ann-lee", nine.Add(96*time.Hour), 60)
			b.Type, b.Patient = clinic.BlockType, clinic.PatientDetails{Reason: "Team meeting"}
			if _, err := db.Book(ctx, b); err != nil {
				t.Fatal(err)
			}
			if kinds := mailKinds(t, db, b.ID); len(kinds) != 0 {
				t.Errorf("mail: %v", kinds)
			}
		})
		t.Run("the calendar lists every status in a stretch", func(t *testing.T) {
			as, err := db.Appointments(ctx, clinic.AppointmentFilter{From: nine.Add(-time.Hour), To: nine.Add(48 * time.Hour), Provider: "ben-ortiz"})
			if err != nil || len(as) != 2 || as[0].Status != clinic.ApptCancelled {
				t.Errorf("%d appointments, %v", len(as), err)
			}
		})
	})
}

// TestConcurrentMovesNeverDoubleBook moves 100 appointments at once onto
// 10 free times: exactly 10 moves succeed and no two appointments overlap.
func TestConcurrentMovesNeverDoubleBook(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		base := time.Date(2026, 12, 7, 16, 0, 0, 0, time.UTC)
		var as []*clinic.Appointment
		for i := range 100 {
			a := appt("ann-lee", base.Add(time.Duration(i)*40*time.Minute), 30)
			a.Patient.Email = ""
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
			as = append(as, a)
		}
		target := base.Add(30 * 24 * time.Hour)
		ok, taken := race(t, len(as), func(i int) error {
			start := target.Add(time.Duration(i%10) * 40 * time.Minute)
			_, err := db.Move(ctx, as[i].ID, 0, clinic.Move{Provider: "ann-lee", Location: "seattle",
				Start: start, End: start.Add(30 * time.Minute), Buffer: 10 * time.Minute})
			return err
		})
		if ok != 10 || taken != 90 {
			t.Errorf("%d moved, %d taken; want 10 and 90", ok, taken)
		}
		all, err := db.ProviderAppointments(ctx, "ann-lee", base.Add(-time.Hour), target.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		noOverlaps(t, all)
	})
}

func TestRemindersFollowTheConfiguration(t *testing.T) {
	t.Parallel()
	opts := testOptions(t)
	opts.Reminders = []time.Duration{24 * time.Hour}
	db, err := Open(context.Background(), t.TempDir()+"/clinic.db", opts)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	bookingDB(t, db)
	a := appt("ann-lee", time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), 30)
	if _, err := db.Book(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	ms, _ := db.AppointmentMail(context.Background(), a.ID)
	if len(ms) != 2 || ms[1].Kind != clinic.MailReminder || !ms[1].NextTryAt.Equal(a.Start.Add(-24*time.Hour)) {
		t.Errorf("mail: %d messages", len(ms))
	}
}
