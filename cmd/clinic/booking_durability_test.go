package main

import (
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/pgtest"
)

// ack is a booking the server confirmed with its 303.
type ack struct {
	doctor, patient string
	start           time.Time
	manage          string // the manage link the confirmation named
	email           string // the patient's address, where given
}

// killRun is what a run of bookings cut short by SIGKILL left behind.
type killRun struct {
	mu         sync.Mutex
	acks       []ack
	unanswered int // bookings that got no answer: the kill came first
	tried      int
	killed     bool
}

// TestBookingsSurviveKill9 books over HTTP with eight patients at once,
// kills the server with SIGKILL once some bookings are confirmed, starts
// it again on the same database and finds every confirmed booking there,
// at its time, with no two appointments overlapping. Bookings that got
// no answer may or may not have been made.
func TestBookingsSurviveKill9(t *testing.T) {
	t.Parallel()
	databases := []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"on SQLite", func(*testing.T) string { return "" }},
		{"on PostgreSQL", func(t *testing.T) string { return pgtest.NewDatabase(t) }},
	}
	for _, db := range databases {
		t.Run(db.name, func(t *testing.T) {
			dsn, dir, key := db.dsn(t), filepath.Join(t.TempDir(), "data"), newSecretKey()
			env := bookingEnv(dsn, key)
			first := startServer(t, dir, env...)
			run := bookUntilKilled(t, first, seattleTimes(t, first.base, 60), 8, 20)
			t.Logf("%d bookings sent, %d confirmed before the kill, %d unanswered", run.tried, len(run.acks), run.unanswered)
			if len(run.acks) == 60 {
				t.Fatal("every booking was confirmed: the kill came after the run, so it tested nothing")
			}

			again := startServer(t, dir, env...)
			t.Run("every confirmation's manage link shows its time", func(t *testing.T) {
				checkManageLinks(t, again.base, run.acks)
			})
			again.stop()
			t.Run("the store holds every confirmed booking and no overlap", func(t *testing.T) {
				checkStored(t, dsn, dir, key, run.acks)
			})
		})
	}
}

// bookUntilKilled books links with workers patients at once, each worker
// taking every workers-th link in turn, and kills the server with
// SIGKILL a moment after the killAfter-th confirmation arrives. A worker
// stops at the first booking that gets no answer.
func bookUntilKilled(t *testing.T, s *server, links []string, workers, killAfter int) *killRun {
	t.Helper()
	run := &killRun{}
	var once sync.Once
	kill := func() {
		// A moment later, so that other bookings are mid-way: some
		// committed and not yet answered.
		time.Sleep(rand.N(4 * time.Millisecond))
		run.mu.Lock()
		run.killed = true
		run.mu.Unlock()
		s.kill()
	}
	client := noRedirects()
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(links); i += workers {
				a, err := bookOne(t, client, s.base, links[i], i)
				run.mu.Lock()
				run.tried++
				if err != nil && !run.killed {
					t.Errorf("a booking got no answer before the kill: %v", err)
				}
				if err != nil {
					run.unanswered++
					run.mu.Unlock()
					return
				}
				run.acks = append(run.acks, a)
				n := len(run.acks)
				run.mu.Unlock()
				if n == killAfter {
					once.Do(kill)
				}
			}
		})
	}
	wg.Wait()
	once.Do(kill)
	return run
}

// bookOne books one link for the i-th patient. An error means no answer
// came; any answer other than a confirmation fails the test.
func bookOne(t *testing.T, c *http.Client, base, link string, i int) (ack, error) {
	patient := patientName(i)
	form := patientForm(t, link, patient)
	p, err := postBooking(c, base, form, patientAddr(i))
	if err != nil {
		return ack{}, err
	}
	if p.status != http.StatusSeeOther || !strings.HasSuffix(p.location, "?done=booked") {
		t.Errorf("booking %s: %d %q %s", form.Get("start"), p.status, p.location, p.text("h1"))
	}
	manage, _, _ := strings.Cut(strings.TrimPrefix(p.location, base), "?")
	return ack{doctor: form.Get("doctor"), patient: patient, start: slotStart(t, link), manage: manage}, nil
}

// checkManageLinks opens every confirmation's manage link and finds the
// day and time of its booking.
func checkManageLinks(t *testing.T, base string, acks []ack) {
	zone, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range acks {
		p := getPage(t, base, a.manage)
		start := a.start.In(zone)
		want := start.Format("Monday, January 2") + " at " + start.Format("3:04 PM MST")
		if got := p.text(".summary"); !strings.Contains(got, want) {
			t.Errorf("%s shows %q, want %q", a.manage, got, want)
		}
	}
}

// checkStored finds each confirmed booking in the store, active and for
// its patient, and checks that no two appointments overlap.
func checkStored(t *testing.T, dsn, dir, key string, acks []ack) {
	as := storedAppointments(t, dsn, dir, key)
	at := map[string][]string{}
	for _, a := range as {
		if a.Status == clinic.ApptBooked {
			k := startKey(a.Provider, a.Start)
			at[k] = append(at[k], a.Patient.Name)
		}
	}
	for _, a := range acks {
		if got := at[startKey(a.doctor, a.start)]; len(got) != 1 || got[0] != a.patient {
			t.Errorf("%s at %s: the store holds bookings for %q, want one for %q", a.doctor, a.start.Format(time.RFC3339), got, a.patient)
		}
	}
	t.Logf("%d confirmed, %d stored", len(acks), len(as))
	checkNoOverlaps(t, as)
}
