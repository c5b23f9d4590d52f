package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestAppointmentTypes(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ts, err := db.AppointmentTypes(ctx, false)
		if err != nil || len(ts) != 5 || ts[0].Slug != "new-consultation" || ts[0].Duration != 45*time.Minute || ts[0].Buffer != 15*time.Minute {
			t.Fatalf("the five starting types: %d, %v", len(ts), err)
		}
		t.Run("a retired type is listed only for staff", func(t *testing.T) {
			vv := *ts[4]
			vv.Active = false
			if err := db.SaveAppointmentType(ctx, &vv, false); err != nil {
				t.Fatal(err)
			}
			public, _ := db.AppointmentTypes(ctx, false)
			all, _ := db.AppointmentTypes(ctx, true)
			if len(public) != 4 || len(all) != 5 {
				t.Errorf("%d public, %d for staff", len(public), len(all))
			}
		})
		t.Run("a new type cannot take a short name in use, nor can a missing one be updated", func(t *testing.T) {
			taken := *ts[0]
			if err := db.SaveAppointmentType(ctx, &taken, true); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("create over an existing type: %v", err)
			}
			missing := *ts[0]
			missing.Slug = "no-such-type"
			if err := db.SaveAppointmentType(ctx, &missing, false); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("update of a missing type: %v", err)
			}
			missing.Slug = "second-opinion"
			if err := db.SaveAppointmentType(ctx, &missing, true); err != nil {
				t.Errorf("create: %v", err)
			}
		})
		t.Run("the injection visit is a procedure; a type names one procedure or none", func(t *testing.T) {
			inj, err := db.AppointmentType(ctx, "injection")
			if err != nil || inj.Treatment != "interventional-spinal-injections" || ts[0].Treatment != "" {
				t.Fatalf("injection %+v, %v; consultation %q", inj, err, ts[0].Treatment)
			}
			for _, want := range []string{"mis-fusion", ""} {
				inj.Treatment = want
				if err := db.SaveAppointmentType(ctx, inj, false); err != nil {
					t.Fatal(err)
				}
				if got, _ := db.AppointmentType(ctx, "injection"); got.Treatment != want {
					t.Errorf("treatment %q, want %q", got.Treatment, want)
				}
			}
		})
		bad := []struct {
			name string
			edit func(*clinic.AppointmentType)
		}{
			{"a procedure that is not a short name", func(a *clinic.AppointmentType) { a.Treatment = "Spinal injections" }},
			{"no name", func(a *clinic.AppointmentType) { a.Name = "" }},
			{"a slug with spaces", func(a *clinic.AppointmentType) { a.Slug = "new visit" }},
			{"the reserved slug of blocks", func(a *clinic.AppointmentType) { a.Slug = clinic.BlockType }},
			{"four minutes", func(a *clinic.AppointmentType) { a.Duration = 4 * time.Minute }},
			{"a fraction of a minute", func(a *clinic.AppointmentType) { a.Duration = 90 * time.Second }},
			{"a negative buffer", func(a *clinic.AppointmentType) { a.Buffer = -time.Minute }},
			{"a day long", func(a *clinic.AppointmentType) { a.Duration = 24 * time.Hour }},
		}
		for _, c := range bad {
			t.Run("refuses "+c.name, func(t *testing.T) {
				at := *ts[0]
				c.edit(&at)
				if err := db.SaveAppointmentType(ctx, &at, false); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("err = %v", err)
				}
				got, _ := db.AppointmentType(ctx, "new-consultation")
				if diff := cmp.Diff(ts[0], got); diff != "" {
					t.Errorf("changed (-want +got)\n%s", diff)
				}
			})
		}
	})
}

func TestProviderSchedule(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		week := []*clinic.AvailabilityWindow{
			{Location: "seattle", Weekday: time.Monday, Start: 9 * 60, End: 12 * 60},
			{Location: "bellevue", Weekday: time.Tuesday, Start: 13 * 60, End: 17 * 60},
		}
		if err := db.SetWeeklyAvailability(ctx, "ann-lee", week); err != nil {
			t.Fatal(err)
		}
		off := &clinic.AvailabilityException{Provider: "ann-lee", Day: "2026-12-07", Kind: clinic.ExceptionClosed, Note: "Conference"}
		extra := &clinic.AvailabilityException{Provider: "ann-lee", Location: "seattle", Day: "2026-12-12", Start: 600, End: 720, Kind: clinic.ExceptionOpen}
		far := &clinic.AvailabilityException{Provider: "ann-lee", Day: "2027-06-01", Kind: clinic.ExceptionClosed}
		for _, e := range []*clinic.AvailabilityException{off, extra, far} {
			if err := db.AddException(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.SaveBookingRules(ctx, &clinic.BookingRules{Provider: "ann-lee", Notice: 24 * time.Hour, Horizon: 30 * 24 * time.Hour, DailyCap: 8}); err != nil {
			t.Fatal(err)
		}
		a := appt("ann-lee", time.Date(2026, 12, 7, 17, 0, 0, 0, time.UTC), 30)
		db.Book(ctx, a)
		from := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
		ps, err := db.ProviderSchedule(ctx, "ann-lee", from, from.Add(14*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		if len(ps.Windows) != 2 || ps.Windows[0].Weekday != time.Monday || ps.Windows[1].Location != "bellevue" {
			t.Errorf("windows: %+v", ps.Windows)
		}
		if len(ps.Exceptions) != 2 || ps.Exceptions[0].Note != "Conference" || ps.Exceptions[0].Location != "" || ps.Exceptions[1].Start != 600 {
			t.Errorf("exceptions in the stretch: %+v", ps.Exceptions)
		}
		if ps.Rules.DailyCap != 8 || ps.Rules.Notice != 24*time.Hour || ps.Rules.Horizon != 30*24*time.Hour {
			t.Errorf("rules: %+v", ps.Rules)
		}
		if len(ps.Booked) != 1 || ps.Booked[0].ID != a.ID {
			t.Errorf("booked: %d", len(ps.Booked))
		}
		t.Run("the rules alone open no patient's details", func(t *testing.T) {
			pr, err := db.ProviderRules(ctx, "ann-lee", from, from.Add(14*24*time.Hour))
			if err != nil || len(pr.Windows) != 2 || len(pr.Exceptions) != 2 || pr.Booked != nil || pr.Rules.DailyCap != 8 {
				t.Errorf("%+v, %v", pr, err)
			}
		})
		t.Run("a provider without rules gets the clinic's defaults", func(t *testing.T) {
			ps, err := db.ProviderSchedule(ctx, "ben-ortiz", from, from.Add(time.Hour))
			if err != nil || ps.Rules.Horizon != clinic.DefaultBookingRules.Horizon || len(ps.Windows) != 0 {
				t.Errorf("%+v, %v", ps, err)
			}
		})
		t.Run("an unknown provider is not found", func(t *testing.T) {
			if _, err := db.ProviderSchedule(ctx, "nobody", from, from); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("err = %v", err)
			}
		})
		t.Run("deleting an exception", func(t *testing.T) {
			if err := db.DeleteException(ctx, "ben-ortiz", off.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("another provider's exception: %v", err)
			}
			if err := db.DeleteException(ctx, "ann-lee", off.ID); err != nil {
				t.Error(err)
			}
		})
	})
}

func TestScheduleRefusesBadInput(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		good := []*clinic.AvailabilityWindow{{Location: "seattle", Weekday: time.Monday, Start: 540, End: 720}}
		if err := db.SetWeeklyAvailability(ctx, "ann-lee", good); err != nil {
			t.Fatal(err)
		}
		windows := map[string]*clinic.AvailabilityWindow{
			"a weekday of 7":          {Location: "seattle", Weekday: 7, Start: 540, End: 600},
			"no location":             {Weekday: time.Monday, Start: 540, End: 600},
			"an unknown location":     {Location: "atlantis", Weekday: time.Monday, Start: 540, End: 600},
			"an end before the start": {Location: "seattle", Weekday: time.Monday, Start: 600, End: 540},
			"an end past midnight":    {Location: "seattle", Weekday: time.Monday, Start: 600, End: 1441},
		}
		for name, w := range windows {
			t.Run("weekly hours with "+name, func(t *testing.T) {
				if err := db.SetWeeklyAvailability(ctx, "ann-lee", append(good, w)); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("err = %v", err)
				}
				if ps, _ := db.ProviderSchedule(ctx, "ann-lee", testNow, testNow); len(ps.Windows) != 1 {
					t.Errorf("the saved week changed: %d windows", len(ps.Windows))
				}
			})
		}
		exceptions := map[string]*clinic.AvailabilityException{
			"a date in another format":  {Provider: "ann-lee", Day: "12/07/2026", Kind: clinic.ExceptionClosed},
			"a day that does not exist": {Provider: "ann-lee", Day: "2026-02-30", Kind: clinic.ExceptionClosed},
			"an unknown kind":           {Provider: "ann-lee", Day: "2026-12-07", Kind: "maybe"},
			"extra hours all day":       {Provider: "ann-lee", Location: "seattle", Day: "2026-12-07", Kind: clinic.ExceptionOpen},
			"extra hours nowhere":       {Provider: "ann-lee", Day: "2026-12-07", Start: 60, End: 120, Kind: clinic.ExceptionOpen},
			"an unknown provider":       {Provider: "nobody", Day: "2026-12-07", Kind: clinic.ExceptionClosed},
		}
		for name, e := range exceptions {
			t.Run("an exception with "+name, func(t *testing.T) {
				if err := db.AddException(ctx, e); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("err = %v", err)
				}
			})
		}
		rules := map[string]clinic.BookingRules{
			"a negative notice":    {Provider: "ann-lee", Notice: -time.Minute, Horizon: 24 * time.Hour},
			"a horizon of an hour": {Provider: "ann-lee", Horizon: time.Hour},
			"a cap of 1,000":       {Provider: "ann-lee", Horizon: 24 * time.Hour, DailyCap: 1000},
			"an unknown provider":  {Provider: "nobody", Horizon: 24 * time.Hour},
		}
		for name, r := range rules {
			t.Run("booking rules with "+name, func(t *testing.T) {
				if err := db.SaveBookingRules(ctx, &r); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("err = %v", err)
				}
			})
		}
	})
}

func TestWeeklyAvailabilityOfEveryone(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		for _, p := range []string{"ann-lee", "ben-ortiz"} {
			w := []*clinic.AvailabilityWindow{{Location: "seattle", Weekday: time.Monday, Start: 540, End: 600}}
			if err := db.SetWeeklyAvailability(ctx, p, w); err != nil {
				t.Fatal(err)
			}
		}
		all, err := db.WeeklyAvailability(ctx)
		if err != nil || len(all) != 2 || len(all["ann-lee"]) != 1 || all["ben-ortiz"][0].Start != 540 {
			t.Errorf("%v, %v", all, err)
		}
	})
}
