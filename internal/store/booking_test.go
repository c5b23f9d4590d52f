package store

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
	"clinic/internal/pgtest"
)

// bookingDB is a database with the rich bundle's doctor and a location.
func bookingDB(t *testing.T, db *DB) {
	t.Helper()
	mustImport(t, db, richBundle())
}

func appt(provider string, start time.Time, minutes int) *clinic.Appointment {
	return &clinic.Appointment{Type: "new-consultation", Provider: provider, Location: "seattle",
		Start: start, End: start.Add(time.Duration(minutes) * time.Minute), Buffer: 10 * time.Minute,
		Patient: clinic.PatientDetails{Name: "Jane Patient", DateOfBirth: "1970-01-02", Phone: "555-0100", Email: "jane@example.com", Reason: "Back pain"}}
}

func TestBookingRefusesOverlaps(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		nine := time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
		first := appt("ann-lee", nine, 30)
		if created, err := db.Book(ctx, first); err != nil || !created {
			t.Fatalf("first booking: %v, %v", created, err)
		}
		cases := []struct {
			name  string
			a     *clinic.Appointment
			taken bool
		}{
			{"the same time", appt("ann-lee", nine, 30), true},
			{"inside the buffer after it", appt("ann-lee", nine.Add(35*time.Minute), 30), true},
			{"one whose buffer runs into it", appt("ann-lee", nine.Add(-35*time.Minute), 30), true},
			{"right after the buffer", appt("ann-lee", nine.Add(40*time.Minute), 30), false},
			{"another provider at the same time", appt("ben-ortiz", nine, 30), false},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				_, err := db.Book(ctx, c.a)
				if taken := err != nil && clinic.ErrorKind(err) == clinic.EConflict; taken != c.taken || (!c.taken && err != nil) {
					t.Errorf("err = %v, want taken=%v", err, c.taken)
				}
			})
		}
		t.Run("bad appointments are refused and store nothing", func(t *testing.T) {
			backwards := appt("ann-lee", nine.Add(72*time.Hour), 30)
			backwards.End = backwards.Start.Add(-time.Minute)
			negative := appt("ann-lee", nine.Add(73*time.Hour), 30)
			negative.Buffer = -time.Minute
			noDoctor := appt("nobody", nine.Add(74*time.Hour), 30)
			farOff := appt("ann-lee", time.Date(9999, 12, 31, 23, 30, 0, 0, time.UTC), 60)
			for _, a := range []*clinic.Appointment{backwards, negative, noDoctor, farOff} {
				if _, err := db.Book(ctx, a); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("%+v: %v", a, err)
				}
			}
			as, _ := db.ProviderAppointments(ctx, "ann-lee", nine.Add(71*time.Hour), nine.Add(80*time.Hour))
			if len(as) != 0 {
				t.Errorf("%d stored", len(as))
			}
		})
		t.Run("the database refuses an overlap the application did not check", func(t *testing.T) {
			_, err := db.write.Exec(`INSERT INTO appointments (type_slug, provider_slug, location_slug, starts_at, ends_at,
				blocks_until, status, sealed, created_at, updated_at) VALUES ('x', 'ann-lee', 'seattle', $1, $2, $3, 'booked', $4, $1, $1)`,
				db.d.timeArg(nine.Add(5*time.Minute)), db.d.timeArg(nine.Add(20*time.Minute)), db.d.timeArg(nine.Add(20*time.Minute)), []byte("x"))
			if err == nil {
				t.Error("an overlapping row went in")
			}
		})
		t.Run("a cancelled appointment frees its time", func(t *testing.T) {
			if _, err := db.write.Exec(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, first.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Book(ctx, appt("ann-lee", nine, 30)); err != nil {
				t.Errorf("rebooking a cancelled time: %v", err)
			}
		})
		t.Run("the same idempotency key books once", func(t *testing.T) {
			a := appt("ann-lee", nine.Add(24*time.Hour), 30)
			a.IdempotencyKey = "k-1"
			b := *a
			c1, err1 := db.Book(ctx, a)
			c2, err2 := db.Book(ctx, &b)
			if err1 != nil || err2 != nil || !c1 || c2 || a.ID != b.ID {
				t.Errorf("first %v %v id %d; second %v %v id %d", c1, err1, a.ID, c2, err2, b.ID)
			}
			other := appt("ann-lee", nine.Add(26*time.Hour), 30)
			other.IdempotencyKey = "k-1"
			if _, err := db.Book(ctx, other); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("the same key for another time: %v", err)
			}
		})
		t.Run("the patient's details are sealed", func(t *testing.T) {
			var sealed []byte
			db.read.QueryRow(`SELECT sealed FROM appointments ORDER BY id LIMIT 1`).Scan(&sealed)
			if bytes.Contains(sealed, []byte("Jane")) {
				t.Error("the name is stored in the clear")
			}
			got, err := db.Appointment(ctx, first.ID)
			if err != nil || got.Patient.Name != "Jane Patient" || got.Buffer != 10*time.Minute {
				t.Errorf("Appointment = %+v, %v", got, err)
			}
		})
	})
}

// race runs fn(0) … fn(n-1) at once and counts the calls that succeed
// and the ones refused because the time was taken.
func race(t *testing.T, n int, fn func(i int) error) (ok, taken int64) {
	var okN, takenN atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			switch err := fn(i); {
			case err == nil:
				okN.Add(1)
			case clinic.ErrorKind(err) == clinic.EConflict:
				takenN.Add(1)
			default:
				t.Errorf("call %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	return okN.Load(), takenN.Load()
}

// noOverlaps fails t if two of as overlap.
func noOverlaps(t *testing.T, as []*clinic.Appointment) {
	t.Helper()
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			if as[i].Overlaps(as[j]) {
				t.Errorf("appointments %d and %d overlap", as[i].ID, as[j].ID)
			}
		}
	}
}

// TestConcurrentBookingsNeverDoubleBook fires 500 bookings at 50 slots of
// one provider at once: exactly 50 succeed and no two overlap.
func TestConcurrentBookingsNeverDoubleBook(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		start := time.Date(2026, 12, 2, 16, 0, 0, 0, time.UTC)
		ok, taken := race(t, 500, func(i int) error {
			_, err := db.Book(ctx, appt("ann-lee", start.Add(time.Duration(i%50)*40*time.Minute), 30))
			return err
		})
		if ok != 50 || taken != 450 {
			t.Errorf("%d booked, %d taken; want 50 and 450", ok, taken)
		}
		as, err := db.ProviderAppointments(ctx, "ann-lee", start.Add(-time.Hour), start.Add(48*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		noOverlaps(t, as)
		if len(as) != 50 {
			t.Errorf("%d appointments stored", len(as))
		}
	})
}

// BenchmarkBook measures bookings per second through the guard: each
// booking checks for an overlap and inserts under the database's
// constraint, for one provider, from 8 goroutines at once.
func BenchmarkBook(b *testing.B) {
	bench := func(b *testing.B, dsn string) {
		db, err := Open(context.Background(), dsn, testOptions(b))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		if _, err := db.Import(context.Background(), richBundle()); err != nil {
			b.Fatal(err)
		}
		start := time.Date(2027, 1, 1, 16, 0, 0, 0, time.UTC)
		var n atomic.Int64
		b.SetParallelism(4)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				if _, err := db.Book(context.Background(), appt("ann-lee", start.Add(time.Duration(i)*time.Hour), 30)); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "bookings/s")
	}
	b.Run("sqlite", func(b *testing.B) { bench(b, filepath.Join(b.TempDir(), "clinic.db")) })
	b.Run("postgres", func(b *testing.B) { bench(b, pgtest.NewDatabase(b)) })
}

func TestBookingFloodFromOneAddress(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		start := time.Date(2026, 12, 3, 16, 0, 0, 0, time.UTC)
		book := func(i int, addr string) error {
			a := appt("ann-lee", start.Add(time.Duration(i)*time.Hour), 30)
			a.ClientAddr = addr
			_, err := db.Book(ctx, a)
			return err
		}
		for i := range clinic.BookingFlood {
			if err := book(i, "203.0.113.5"); err != nil {
				t.Fatalf("booking %d: %v", i+1, err)
			}
		}
		if err := book(20, "203.0.113.5"); clinic.ErrorKind(err) != clinic.ETooMany {
			t.Errorf("one more from the same address: %v", err)
		}
		if err := book(21, "203.0.113.6"); err != nil {
			t.Errorf("another address: %v", err)
		}
		if err := book(22, ""); err != nil {
			t.Errorf("a booking by staff: %v", err)
		}
		var stored string
		db.read.QueryRow(`SELECT client_hash FROM appointments WHERE client_hash IS NOT NULL LIMIT 1`).Scan(&stored)
		if stored == "" || strings.Contains(stored, "203.0.113") {
			t.Errorf("client hash %q", stored)
		}
	})
}

// TestDailyCapHoldsUnderConcurrency has 20 patients book different times
// of one day at once with a cap of 3: exactly 3 get in.
func TestDailyCapHoldsUnderConcurrency(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		if err := db.SaveBookingRules(ctx, &clinic.BookingRules{Provider: "ann-lee", Notice: time.Hour, Horizon: 90 * 24 * time.Hour, DailyCap: 3}); err != nil {
			t.Fatal(err)
		}
		block := appt("ann-lee", time.Date(2025, 3, 5, 16, 0, 0, 0, time.UTC), 30)
		block.Type, block.Patient = clinic.BlockType, clinic.PatientDetails{}
		if _, err := db.Book(ctx, block); err != nil {
			t.Fatal(err)
		}
		day := time.Date(2025, 3, 5, 17, 0, 0, 0, time.UTC) // 9:00 Pacific time
		ok, taken := race(t, 20, func(i int) error {
			a := appt("ann-lee", day.Add(time.Duration(i)*20*time.Minute), 10)
			a.Buffer, a.ClientAddr = 0, fmt.Sprintf("203.0.113.%d", i)
			_, err := db.Book(ctx, a)
			return err
		})
		if ok != 3 || taken != 17 {
			t.Errorf("%d booked, %d refused; want 3 and 17", ok, taken)
		}
		staff := appt("ann-lee", day.Add(8*time.Hour), 10)
		if _, err := db.Book(ctx, staff); err != nil {
			t.Errorf("staff past the cap: %v", err)
		}
	})
}
