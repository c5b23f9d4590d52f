package main

import (
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"clinic/internal/pgtest"
)

// TestTwoInstancesNeverDoubleBook runs two servers on one PostgreSQL
// database and sends 500 booking forms at once, ten for each of 50 open
// times, split between the servers: each time is booked exactly once,
// the 450 others get the page that says the time was just taken, and the
// database holds 50 appointments that do not overlap.
func TestTwoInstancesNeverDoubleBook(t *testing.T) {
	t.Parallel()
	const times, tries = 50, 10
	dsn, key := pgtest.NewDatabase(t), newSecretKey()
	env := bookingEnv(dsn, key)
	servers := []*server{startServer(t, filepath.Join(t.TempDir(), "a"), env...), startServer(t, filepath.Join(t.TempDir(), "b"), env...)}
	links := seattleTimes(t, servers[0].base, times)

	// The k-th form for a time goes to server k%2, so that each time's
	// ten tries are split between the servers.
	forms := make([]url.Values, 0, times*tries)
	keys := make([]string, 0, times*tries) // the doctor and time of each form
	for k := range tries {
		for i, l := range links {
			f := patientForm(t, l, patientName(k*times+i))
			forms, keys = append(forms, f), append(keys, startKey(f.Get("doctor"), slotStart(t, l)))
		}
	}
	results := postAllAtOnce(t, servers, forms, times)

	booked := map[string][]string{} // manage links by time
	statuses := map[int]int{}
	for i, p := range results {
		statuses[p.status]++
		switch {
		case p.status == http.StatusSeeOther:
			booked[keys[i]] = append(booked[keys[i]], p.location)
		case p.status == http.StatusConflict && p.text("h1") != "This time was just taken":
			t.Errorf("a 409 whose heading is %q, not the taken page", p.text("h1"))
		}
	}
	if statuses[http.StatusSeeOther] != times || statuses[http.StatusConflict] != times*(tries-1) || len(statuses) != 2 {
		t.Errorf("statuses %v, want %d × 303 and %d × 409", statuses, times, times*(tries-1))
	}
	for _, k := range keys[:times] {
		if got := booked[k]; len(got) != 1 {
			t.Errorf("%s was confirmed %d times", k, len(got))
		}
	}

	t.Run("each confirmation opens on both servers", func(t *testing.T) {
		for _, ls := range booked {
			for _, s := range servers {
				manage, _, _ := strings.Cut(ls[0], "?")
				getPage(t, s.base, strings.TrimPrefix(manage, s.base))
			}
		}
	})
	t.Run("the database holds 50 appointments that do not overlap", func(t *testing.T) {
		as := storedAppointments(t, dsn, "", key)
		if len(as) != times {
			t.Errorf("%d appointments stored, want %d", len(as), times)
		}
		for _, a := range as {
			if got := booked[startKey(a.Provider, a.Start)]; len(got) != 1 {
				t.Errorf("appointment %d of %s at %v was not confirmed once but %d times", a.ID, a.Provider, a.Start, len(got))
			}
		}
		checkNoOverlaps(t, as)
	})
}

// postAllAtOnce posts every form at the same moment, form i to server
// (i/perRound)%len(servers), and returns the answers in the forms' order.
func postAllAtOnce(t *testing.T, servers []*server, forms []url.Values, perRound int) []*page {
	t.Helper()
	results := make([]*page, len(forms))
	client := noRedirects()
	ready := make(chan struct{})
	var wg sync.WaitGroup
	for i, f := range forms {
		wg.Go(func() {
			<-ready
			p, err := postBooking(client, servers[(i/perRound)%len(servers)].base, f, patientAddr(i))
			if err != nil {
				t.Error(err)
				p = &page{}
			}
			results[i] = p
		})
	}
	close(ready)
	wg.Wait()
	return results
}
