package main

import (
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinic/internal/pgtest"
)

// TestPostgreSQLRestartMidLoad runs two servers on PostgreSQL through a
// proxy, books 24 times with four patients at once, and once six are
// confirmed cuts every connection to the database and refuses new ones,
// as a restart of PostgreSQL does (the machine's own server cannot be
// restarted under a test: other tests use it). Bookings sent meanwhile
// are answered 503 with a page that asks to try again, and the servers
// log "database unreachable"; each patient tries again, with the same
// form, on the other server in turn. Once both servers' readiness checks
// fail and ten tries have been refused, the database comes back: every
// booking gets confirmed and each confirmed one is stored.
func TestPostgreSQLRestartMidLoad(t *testing.T) {
	t.Parallel()
	dsn, key := pgtest.NewDatabase(t), newSecretKey()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, u.Host)
	u.Host = proxy.addr
	c := startCluster(t, 2, u.String(), key)
	links := seattleTimes(t, c.servers[0].base, 24)

	run := &outageRun{cutAt: 6, cut: proxy.cut}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := w; i < len(links); i += 4 {
				run.book(t, c, links[i], i)
			}
		})
	}
	waitFor(t, "ten bookings refused and both servers not ready", func() bool {
		return run.refused.Load() >= 10 && !ready(c.servers[0].base) && !ready(c.servers[1].base)
	})
	proxy.restore(t)
	wg.Wait()
	t.Logf("%d bookings confirmed, %d tries answered 503 while the database was away", len(run.acks), run.refused.Load())

	if len(run.acks) != len(links) {
		t.Errorf("%d of %d bookings confirmed", len(run.acks), len(links))
	}
	checkStored(t, dsn, "", key, run.acks)
	for i, s := range c.servers {
		if !ready(s.base) {
			t.Errorf("server %d is not ready after the database came back", i)
		}
	}
	logs := c.logs[0].String() + c.logs[1].String()
	if !strings.Contains(logs, `msg="database unreachable: answered 503"`) {
		t.Errorf("no server logged that the database was unreachable:\n%s", logs)
	}
}

// outageRun is bookings made through a database outage.
type outageRun struct {
	cutAt   int
	cut     func()       // called at the cutAt-th confirmation
	refused atomic.Int64 // tries answered 503

	mu   sync.Mutex
	acks []ack
}

// book sends the i-th patient's form until it is confirmed, to each
// server in turn, and records the confirmation. Only 503 may be answered
// on the way.
func (o *outageRun) book(t *testing.T, c *cluster, link string, i int) {
	form := patientForm(t, link, patientName(i))
	client := noRedirects()
	deadline := time.Now().Add(readyLimit)
	for try := 0; ; try++ {
		if time.Now().After(deadline) {
			t.Errorf("booking %d: still refused after %v", i, readyLimit)
			return
		}
		s := c.servers[(i+try)%len(c.servers)]
		p, err := postBooking(client, s.base, form, patientAddr(i))
		switch {
		case err != nil:
			t.Errorf("booking %d: no answer: %v", i, err)
			return
		case p.status == http.StatusServiceUnavailable:
			o.refused.Add(1)
			time.Sleep(20 * time.Millisecond) // the patient reads the page, then tries again
			continue
		case p.status != http.StatusSeeOther || !strings.HasSuffix(p.location, "?done=booked"):
			t.Errorf("booking %d: %d %q %s", i, p.status, p.location, p.text("h1"))
			return
		}
		manage, _, _ := strings.Cut(strings.TrimPrefix(p.location, s.base), "?")
		o.mu.Lock()
		o.acks = append(o.acks, ack{doctor: form.Get("doctor"), patient: patientName(i), start: slotStart(t, link), manage: manage})
		n := len(o.acks)
		o.mu.Unlock()
		if n == o.cutAt {
			o.cut() // before this patient books again: the rest meet the outage
		}
		return
	}
}

// ready reports whether the server at base answers its readiness check.
func ready(base string) bool {
	res, err := http.Get(base + "/readyz")
	if err != nil {
		return false
	}
	res.Body.Close()
	return res.StatusCode == http.StatusOK
}
