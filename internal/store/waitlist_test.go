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

// waitlistDB is a database where ann-lee sees patients in Seattle on
// Tuesdays, 8:00 to 17:00 Pacific time, and the first Tuesday after
// testNow at 9:00 is booked.
func waitlistDB(t *testing.T, db *DB) (x *clinic.Appointment) {
	t.Helper()
	bookingDB(t, db)
	ctx := context.Background()
	week := []*clinic.AvailabilityWindow{{Location: "seattle", Weekday: time.Tuesday, Start: 8 * 60, End: 17 * 60}}
	if err := db.SetWeeklyAvailability(ctx, "ann-lee", week); err != nil {
		t.Fatal(err)
	}
	nine := time.Date(2025, 3, 4, 17, 0, 0, 0, time.UTC) // Tuesday, 9:00 PST
	x = appt("ann-lee", nine, 20)
	if _, err := db.Book(ctx, x); err != nil {
		t.Fatal(err)
	}
	return x
}

func TestWaitlistOffersFreedTimeInOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		x := waitlistDB(t, db)
		ctx := context.Background()
		nine := x.Start
		early := waiter("early", nine.Add(-time.Hour)) // wants a time before the one freed
		first, second, third := waiter("first", nine.Add(48*time.Hour)), waiter("second", nine.Add(48*time.Hour)), waiter("third", nine.Add(48*time.Hour))
		elsewhere := waiter("elsewhere", nine.Add(48*time.Hour))
		elsewhere.Location = "bellevue"
		for _, e := range []*clinic.WaitlistEntry{early, elsewhere, first, second, third} {
			if err := db.JoinWaitlist(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SetStatus(ctx, x.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		_, holdID := waitStatus(t, db, first.ID)
		t.Run("the first who waits for that office and fits gets a 30-minute hold", func(t *testing.T) {
			for _, e := range []*clinic.WaitlistEntry{early, elsewhere, second, third} {
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
			if _, err := db.Book(ctx, appt("ann-lee", nine, 20)); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("the held time could be booked: %v", err)
			}
		})
		t.Run("a hold that runs out takes its patient off the list and goes to the next", func(t *testing.T) {
			n, err := db.ReleaseHolds(ctx, testNow.Add(clinic.HoldFor+time.Second))
			if err != nil || n != 1 {
				t.Fatalf("released %d, %v", n, err)
			}
			if s, _ := waitStatus(t, db, first.ID); s != clinic.WaitWithdrawn {
				t.Errorf("first: %s, want withdrawn", s)
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
		t.Run("staff confirming a hold make it the patient's", func(t *testing.T) {
			got, err := db.SetStatus(ctx, holdID, 0, clinic.ApptConfirmed, "")
			if err != nil || !got.HeldUntil.IsZero() {
				t.Fatalf("confirm: %+v, %v", got, err)
			}
			if s, _ := waitStatus(t, db, second.ID); s != clinic.WaitBooked {
				t.Errorf("second: %s", s)
			}
			if got := mailKinds(t, db, holdID); len(got) != 4 || got[0] != "appointment_booked queued" || got[3] != "waitlist_offer queued" {
				t.Errorf("mail: %v", got)
			}
			if n, _ := db.ReleaseHolds(ctx, testNow.Add(2*time.Hour)); n != 0 {
				t.Errorf("a confirmed hold was released: %d", n)
			}
		})
		t.Run("cancelling it offers the time to the next in line", func(t *testing.T) {
			if _, err := db.SetStatus(ctx, holdID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
				t.Fatal(err)
			}
			if s, _ := waitStatus(t, db, third.ID); s != clinic.WaitOffered {
				t.Errorf("third: %s", s)
			}
		})
		_, last := waitStatus(t, db, third.ID)
		t.Run("a lapsed hold cannot be taken", func(t *testing.T) {
			db.now = func() time.Time { return testNow.Add(time.Hour) }
			defer func() { db.now = func() time.Time { return testNow } }()
			if _, err := db.ConfirmHold(ctx, last, 0); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("the patient taking a hold gets it", func(t *testing.T) {
			if got, err := db.ConfirmHold(ctx, last, 0); err != nil || !got.HeldUntil.IsZero() {
				t.Errorf("%+v, %v", got, err)
			}
			if s, _ := waitStatus(t, db, third.ID); s != clinic.WaitBooked {
				t.Errorf("third: %s", s)
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

// TestWaitlistOffersOnlyOpenTimes frees times that are not open for the
// visit of the patient waiting: nothing is offered.
func TestWaitlistOffersOnlyOpenTimes(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		waitlistDB(t, db)
		ctx := context.Background()
		long := waiter("long", testNow.Add(30*24*time.Hour))
		long.Type = "new-consultation" // 45 minutes and 15 kept free
		if err := db.JoinWaitlist(ctx, long); err != nil {
			t.Fatal(err)
		}
		late := appt("ann-lee", time.Date(2025, 3, 4, 16, 40, 0, 0, time.FixedZone("PST", -8*3600)), 20) // ends at 17:00
		sunday := appt("ann-lee", time.Date(2025, 3, 9, 18, 0, 0, 0, time.UTC), 20)                      // staff booked a Sunday
		for _, a := range []*clinic.Appointment{late, sunday} {
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SetStatus(ctx, a.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
				t.Fatal(err)
			}
		}
		if s, _ := waitStatus(t, db, long.ID); s != clinic.WaitWaiting {
			t.Errorf("offered a time outside the hours: %s", s)
		}
	})
}

// TestSwappingClinicianMovesDoNotDeadlock moves appointments between two
// clinicians in both directions at once, with waitlists that the freed
// times are offered to.
func TestSwappingClinicianMovesDoNotDeadlock(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		base := time.Date(2025, 4, 1, 17, 0, 0, 0, time.UTC)
		var as, bs []*clinic.Appointment
		for i := range 20 {
			a, b := appt("ann-lee", base.Add(time.Duration(i)*time.Hour), 30), appt("ben-ortiz", base.Add(time.Duration(i)*time.Hour+30*time.Minute), 30)
			a.Patient.Email, b.Patient.Email = "", ""
			for _, x := range []*clinic.Appointment{a, b} {
				if _, err := db.Book(ctx, x); err != nil {
					t.Fatal(err)
				}
			}
			as, bs = append(as, a), append(bs, b)
		}
		var always []*clinic.AvailabilityWindow
		for d := time.Sunday; d <= time.Saturday; d++ {
			always = append(always, &clinic.AvailabilityWindow{Location: "seattle", Weekday: d, Start: 0, End: 24 * 60})
		}
		for _, p := range []string{"ann-lee", "ben-ortiz"} {
			if err := db.SetWeeklyAvailability(ctx, p, always); err != nil {
				t.Fatal(err)
			}
			w := waiter("w-"+p, base.Add(60*24*time.Hour))
			w.Provider = p
			db.JoinWaitlist(ctx, w)
		}
		_, _ = race(t, 40, func(i int) error {
			a, to := as[i/2], "ben-ortiz"
			if i%2 == 1 {
				a, to = bs[i/2], "ann-lee"
			}
			_, err := db.Move(ctx, a.ID, 0, clinic.Move{Provider: to, Location: "seattle", Start: a.Start.Add(10 * 24 * time.Hour), End: a.End.Add(10 * 24 * time.Hour)})
			return err
		})
	})
}

func TestWaitlistForStaff(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		a, b := waiter("ada", testNow.Add(72*time.Hour)), waiter("bo", testNow.Add(72*time.Hour))
		b.Provider = "ben-ortiz"
		for _, e := range []*clinic.WaitlistEntry{a, b} {
			if err := db.JoinWaitlist(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.Waitlist(ctx, "")
		if err != nil || len(all) != 2 || all[0].Patient.Name != "ada" || all[0].Status != clinic.WaitWaiting {
			t.Fatalf("%+v, %v", all, err)
		}
		if one, _ := db.Waitlist(ctx, "ben-ortiz"); len(one) != 1 || one[0].Patient.Name != "bo" {
			t.Errorf("one clinician's: %+v", one)
		}
		if err := db.WithdrawWaiting(ctx, a.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.WithdrawWaiting(ctx, a.ID); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("withdrawing twice: %v", err)
		}
		if left, _ := db.Waitlist(ctx, ""); len(left) != 1 {
			t.Errorf("%d left", len(left))
		}
	})
}

// TestConcurrentCancellationsOfferEachPatientOnce cancels ten appointments
// of one clinician at once with one patient waiting: the patient is
// offered one time, not ten.
func TestConcurrentCancellationsOfferEachPatientOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		x := waitlistDB(t, db)
		ctx := context.Background()
		as := []*clinic.Appointment{x}
		for i := 1; i < 10; i++ {
			a := appt("ann-lee", x.Start.Add(time.Duration(i)*30*time.Minute), 20)
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
			as = append(as, a)
		}
		w := waiter("only", x.Start.Add(48*time.Hour))
		if err := db.JoinWaitlist(ctx, w); err != nil {
			t.Fatal(err)
		}
		race(t, len(as), func(i int) error {
			_, err := db.SetStatus(ctx, as[i].ID, 0, clinic.ApptCancelled, "Clinic closed")
			return err
		})
		var holds int
		db.read.QueryRow(`SELECT count(*) FROM appointments WHERE held_until IS NOT NULL AND status = 'booked'`).Scan(&holds)
		if holds != 1 {
			t.Errorf("%d holds for one waiting patient", holds)
		}
	})
}

func TestHoldMarkedNoShowLeavesTheList(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		x := waitlistDB(t, db)
		ctx := context.Background()
		w := waiter("nora", x.Start.Add(48*time.Hour))
		db.JoinWaitlist(ctx, w)
		if _, err := db.SetStatus(ctx, x.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		_, hold := waitStatus(t, db, w.ID)
		if _, err := db.SetStatus(ctx, hold, 0, clinic.ApptNoShow, ""); err != nil {
			t.Fatal(err)
		}
		if s, _ := waitStatus(t, db, w.ID); s != clinic.WaitWithdrawn {
			t.Errorf("entry: %s", s)
		}
		if kinds := mailKinds(t, db, hold); len(kinds) != 1 || kinds[0] != "waitlist_offer withdrawn" {
			t.Errorf("mail: %v", kinds)
		}
	})
}

func TestMovesCountTheDailyCapOnline(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		db.SaveBookingRules(ctx, &clinic.BookingRules{Provider: "ann-lee", Notice: time.Hour, Horizon: 90 * 24 * time.Hour, DailyCap: 1})
		day := time.Date(2025, 3, 5, 17, 0, 0, 0, time.UTC)
		full, other := appt("ann-lee", day, 20), appt("ann-lee", day.Add(24*time.Hour), 20)
		for _, a := range []*clinic.Appointment{full, other} {
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		to := clinic.Move{Provider: "ann-lee", Location: "seattle", Start: day.Add(2 * time.Hour), End: day.Add(2*time.Hour + 20*time.Minute), Online: true}
		if _, err := db.Move(ctx, other.ID, 0, to); clinic.ErrorKind(err) != clinic.EConflict {
			t.Errorf("a patient's move into a full day: %v", err)
		}
		if _, err := db.Move(ctx, full.ID, 0, to); err != nil {
			t.Errorf("moving within its own day: %v", err)
		}
		to.Online = false
		to.Start, to.End = to.Start.Add(time.Hour), to.End.Add(time.Hour)
		if _, err := db.Move(ctx, other.ID, 0, to); err != nil {
			t.Errorf("staff past the cap: %v", err)
		}
	})
}
