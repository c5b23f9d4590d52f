package store

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// blockDay is ann-lee's Tuesday of waitlistDB with two more appointments:
// a long one from 10:00 and a short one at 11:45, both in the way of a
// block from 10:30 to 12:00, and the 9:00 one before it.
func blockDay(t *testing.T, db *DB) (nine, ten, late *clinic.Appointment) {
	t.Helper()
	nine = waitlistDB(t, db)
	ctx := context.Background()
	ten = appt("ann-lee", nine.Start.Add(time.Hour), 90)
	late = appt("ann-lee", nine.Start.Add(2*time.Hour+45*time.Minute), 10)
	for _, a := range []*clinic.Appointment{ten, late} {
		if _, err := db.Book(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	return nine, ten, late
}

func versions(as ...*clinic.Appointment) []clinic.ApptVersion {
	var out []clinic.ApptVersion
	for _, a := range as {
		out = append(out, clinic.ApptVersion{ID: a.ID, Sequence: a.Sequence})
	}
	return out
}

func block(start time.Time, minutes int) *clinic.Appointment {
	return &clinic.Appointment{Type: clinic.BlockType, Provider: "ann-lee", Location: "seattle", Start: start,
		End: start.Add(time.Duration(minutes) * time.Minute), Patient: clinic.PatientDetails{Reason: "Out sick"}}
}

func statuses(t *testing.T, db *DB, as ...*clinic.Appointment) []string {
	t.Helper()
	var out []string
	for _, a := range as {
		got, err := db.Appointment(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, got.Status)
	}
	return out
}

func TestBlockOverAppointments(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		nine, ten, late := blockDay(t, db)
		ctx := context.Background()
		first, second := waiter("first", nine.Start.Add(48*time.Hour)), waiter("second", nine.Start.Add(48*time.Hour))
		for _, e := range []*clinic.WaitlistEntry{first, second} {
			if err := db.JoinWaitlist(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		b := block(nine.Start.Add(90*time.Minute), 90) // 10:30 to 12:00
		refusals := []struct {
			name  string
			inWay []clinic.ApptVersion
		}{
			{"a list that leaves one out", versions(ten)},
			{"a list with one the block does not touch", versions(nine, ten, late)},
			{"a list that saw an older version", []clinic.ApptVersion{{ID: ten.ID, Sequence: 1}, {ID: late.ID}}},
		}
		for _, r := range refusals {
			t.Run(r.name+" is refused and changes nothing", func(t *testing.T) {
				_, err := db.BlockOver(ctx, block(b.Start, 90), r.inWay, "Clinician ill")
				if clinic.ErrorKind(err) != clinic.EConflict {
					t.Fatalf("err = %v, want a conflict", err)
				}
				if diff := cmp.Diff([]string{"booked", "booked", "booked"}, statuses(t, db, nine, ten, late)); diff != "" {
					t.Errorf("(-want +got)\n%s", diff)
				}
			})
		}
		e := &clinic.AuditEvent{Actor: "desk@example.com", ActorID: 7, Action: "appointment.block", Record: "appointment:", Address: "10.0.0.1"}
		cancelled, err := db.BlockOver(clinic.WithAudit(ctx, e), b, versions(late, ten), "Clinician ill")
		if err != nil {
			t.Fatal(err)
		}
		t.Run("the appointments in the way are cancelled, told, and the block is made", func(t *testing.T) {
			ids := []int64{cancelled[0].ID, cancelled[1].ID}
			if !slices.Equal(ids, []int64{ten.ID, late.ID}) {
				t.Errorf("cancelled %v", ids)
			}
			if diff := cmp.Diff([]string{"booked", "cancelled", "cancelled", "booked"}, statuses(t, db, nine, ten, late, b)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			for _, a := range []*clinic.Appointment{ten, late} {
				if !slices.Contains(mailKinds(t, db, a.ID), "appointment_cancelled queued") {
					t.Errorf("appointment %d: mail %v", a.ID, mailKinds(t, db, a.ID))
				}
				if got, _ := db.Appointment(ctx, a.ID); got.CancelReason != "Clinician ill" {
					t.Errorf("reason %q", got.CancelReason)
				}
			}
		})
		t.Run("the waitlist is offered the freed time the block leaves free, and no more", func(t *testing.T) {
			st, holdID := waitStatus(t, db, first.ID)
			hold, err := db.Appointment(ctx, holdID)
			if st != clinic.WaitOffered || err != nil || !hold.Start.Equal(ten.Start) {
				t.Fatalf("first: %s, hold %+v, %v", st, hold, err)
			}
			if st, _ := waitStatus(t, db, second.ID); st != clinic.WaitWaiting {
				t.Errorf("second: %s, offered time inside the block", st)
			}
		})
		t.Run("the block and each cancellation are in the audit log, by the same actor", func(t *testing.T) {
			es, err := db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment."})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Action+" "+e.Record+" "+e.Actor)
			}
			want := []string{
				"appointment.block appointment:" + strconv.FormatInt(b.ID, 10) + " desk@example.com",
				"appointment.status appointment:" + strconv.FormatInt(late.ID, 10) + " desk@example.com",
				"appointment.status appointment:" + strconv.FormatInt(ten.ID, 10) + " desk@example.com",
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
			if broken, _, err := db.VerifyAudit(ctx); broken != 0 || err != nil {
				t.Errorf("chain broken at %d: %v", broken, err)
			}
		})
	})
}

func TestBlockOverRefusesBadInput(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		nine, _, _ := blockDay(t, db)
		ctx := context.Background()
		arrived := appt("ann-lee", nine.Start.Add(-time.Hour), 20)
		if _, err := db.Book(ctx, arrived); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(ctx, arrived.ID, 0, clinic.ApptArrived, ""); err != nil {
			t.Fatal(err)
		}
		notBlock := block(nine.Start, 30)
		notBlock.Type = "follow-up"
		backwards := block(nine.Start, 30)
		backwards.End = nine.Start.Add(-time.Minute)
		tests := []struct {
			name   string
			block  *clinic.Appointment
			inWay  []clinic.ApptVersion
			reason string
			kind   string
		}{
			{"a visit that is not a block", notBlock, versions(nine), "Ill", clinic.EInvalid},
			{"a block that ends before it starts", backwards, nil, "Ill", clinic.EInvalid},
			{"no reason", block(nine.Start, 30), versions(nine), " ", clinic.EInvalid},
			{"a patient who has arrived", block(arrived.Start, 30), versions(arrived), "Ill", clinic.EConflict},
		}
		for _, tt := range tests {
			t.Run(tt.name+" is refused", func(t *testing.T) {
				if _, err := db.BlockOver(ctx, tt.block, tt.inWay, tt.reason); clinic.ErrorKind(err) != tt.kind {
					t.Errorf("err = %v, want %s", err, tt.kind)
				}
			})
		}
		if diff := cmp.Diff([]string{"booked", "arrived"}, statuses(t, db, nine, arrived)); diff != "" {
			t.Errorf("after the refusals (-want +got)\n%s", diff)
		}
	})
}

func TestBookingNamesItsAuditRecord(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		a := appt("ann-lee", time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC), 30)
		a.IdempotencyKey = "KEYKEYKEYKEYKEYKEY"
		e := &clinic.AuditEvent{Actor: "patient (online booking)", Action: "appointment.book", Record: "appointment:"}
		if _, err := db.Book(clinic.WithAudit(ctx, e), a); err != nil {
			t.Fatal(err)
		}
		again := *a
		again.ID = 0
		e2 := &clinic.AuditEvent{Actor: "patient (online booking)", Action: "appointment.book", Record: "appointment:"}
		if _, err := db.Book(clinic.WithAudit(ctx, e2), &again); err != nil {
			t.Fatal(err)
		}
		es, _ := db.AuditEvents(ctx, clinic.AuditFilter{Action: "appointment.book"})
		want := "appointment:" + strconv.FormatInt(a.ID, 10)
		if len(es) != 2 || es[0].Record != want || es[1].Record != want {
			t.Errorf("events %+v, want two of %s (the booking and the repeated submit)", es, want)
		}
		other := &clinic.AuditEvent{Actor: "x", Action: "appointment.book", Record: "post:x"}
		b := appt("ann-lee", a.Start.Add(2*time.Hour), 30)
		if _, err := db.Book(clinic.WithAudit(ctx, other), b); err != nil || other.Record != "post:x" {
			t.Errorf("an event that names its record was renamed to %q (%v)", other.Record, err)
		}
	})
}

func TestFailingMail(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		queueN(t, db, 4)
		ms, err := db.ClaimMail(ctx, testNow, 10, time.Minute)
		if err != nil || len(ms) != 4 {
			t.Fatalf("claim: %d, %v", len(ms), err)
		}
		for i, done := range []func(id int64) error{
			func(id int64) error { return db.MailSent(ctx, id, testNow) },
			func(id int64) error { return db.MailFailed(ctx, id, testNow, testNow.Add(time.Hour), "451 try later") },
			func(id int64) error { return db.MailFailed(ctx, id, testNow, time.Time{}, "550 no such mailbox") },
			func(id int64) error {
				return db.MailFailed(ctx, id, testNow.Add(-72*time.Hour), time.Time{}, "550 long ago")
			},
		} {
			if err := done(ms[i].ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.FailingMail(ctx, testNow.Add(-48*time.Hour), 10)
		if err != nil {
			t.Fatal(err)
		}
		var errs []string
		for _, m := range got {
			errs = append(errs, m.LastError)
		}
		if diff := cmp.Diff([]string{"451 try later", "550 no such mailbox"}, errs); diff != "" {
			t.Errorf("failing since two days ago (-want +got)\n%s", diff)
		}
	})
}

func TestBlockOverAHoldPutsThePatientBackOnTheList(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		nine, _, _ := blockDay(t, db)
		ctx := context.Background()
		first := waiter("first", nine.Start.Add(48*time.Hour))
		if err := db.JoinWaitlist(ctx, first); err != nil {
			t.Fatal(err)
		}
		if _, err := db.SetStatus(ctx, nine.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		st, holdID := waitStatus(t, db, first.ID)
		hold, err := db.Appointment(ctx, holdID)
		if st != clinic.WaitOffered || err != nil {
			t.Fatalf("no hold offered: %s, %v", st, err)
		}
		if _, err := db.BlockOver(ctx, block(nine.Start, 30), versions(hold), "Clinician ill"); err != nil {
			t.Fatal(err)
		}
		if st, appt := waitStatus(t, db, first.ID); st != clinic.WaitWaiting || appt != 0 {
			t.Errorf("the patient offered the blocked time is %s (appointment %d), not waiting again", st, appt)
		}
		if diff := cmp.Diff([]string{"cancelled"}, statuses(t, db, hold)); diff != "" {
			t.Errorf("the hold (-want +got)\n%s", diff)
		}
	})
}
