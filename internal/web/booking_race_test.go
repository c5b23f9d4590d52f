package web_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/web"
)

// openLinks collects the links of n open times of one doctor, week by
// week, at least apart from each other, so that booking one leaves the
// others open.
func openLinks(t *testing.T, s *site, query string, n int, apart time.Duration) []string {
	t.Helper()
	var links []string
	var last time.Time
	for week := 0; len(links) < n && week < 8; week++ {
		day := testNow.AddDate(0, 0, 7*week).In(mustZone(t)).Format(time.DateOnly)
		if week == 0 {
			day = ""
		}
		r := s.get(t, "/appointments?"+query+"&week="+day)
		for _, a := range r.all(t, "a.slot") {
			u, _ := url.Parse(attr(a, "href"))
			start, err := time.Parse(time.RFC3339, u.Query().Get("start"))
			if err != nil {
				t.Fatal(err)
			}
			if start.Sub(last) >= apart {
				links, last = append(links, attr(a, "href")), start
			}
		}
	}
	if len(links) < n {
		t.Fatalf("only %d open times", len(links))
	}
	return links[:n]
}

// TestConcurrentBookingsOverHTTP fires 500 booking forms over HTTP at 50
// open times at once: exactly 50 are booked, the other 450 get the page
// that says the time was just taken, and no two appointments overlap.
func TestConcurrentBookingsOverHTTP(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, behindProxy)
	// A follow-up lasts 20 minutes and keeps 10 free after it.
	links := openLinks(t, s, "type=follow-up&location=seattle&doctor=dr-maya-lindqvist", 50, 30*time.Minute)
	forms := make([]url.Values, len(links))
	for i, l := range links {
		forms[i] = patientForm(t, s, l)
	}
	srv := httptest.NewServer(s.srv)
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport: &http.Transport{MaxIdleConnsPerHost: 100}}
	statuses := statusesOf(500, func(i int) int {
		v := withField(withField(forms[i%50], "key", rand.Text()), "email", fmt.Sprintf("patient%d@example.com", i)) // 500 patients
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/appointments/details", strings.NewReader(v.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", patientAddr(i))
		res, err := client.Do(req)
		if err != nil {
			t.Error(err)
			return 0
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusConflict && !strings.Contains(string(body), "This time was just taken") {
			t.Errorf("a 409 without the taken page")
		}
		return res.StatusCode
	})
	if statuses[http.StatusSeeOther] != 50 || statuses[http.StatusConflict] != 450 {
		t.Errorf("statuses %v, want 50 × 303 and 450 × 409", statuses)
	}
	as, err := s.db.Appointments(context.Background(), clinic.AppointmentFilter{From: testNow, To: testNow.Add(90 * 24 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 50 {
		t.Errorf("%d appointments stored, want 50", len(as))
	}
	noActiveOverlaps(t, as)
}

// TestConcurrentReschedulesOverHTTP books 30 appointments, then moves all
// of them at once, through their manage links, onto 3 open times: exactly
// 3 moves go through and the others get the taken page.
func TestConcurrentReschedulesOverHTTP(t *testing.T) {
	t.Parallel()
	s := newSiteWith(t, behindProxy)
	links := openLinks(t, s, "type=follow-up&location=seattle&doctor=dr-samuel-okafor", 33, 30*time.Minute)
	var manage []string
	for i, l := range links[:30] {
		res := s.postFrom(t, i, "/appointments/details", patientForm(t, s, l))
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: %d", res.StatusCode)
		}
		m, _, _ := strings.Cut(res.Header.Get("Location"), "?")
		manage = append(manage, m)
	}
	var targets []string
	for _, l := range links[30:] {
		u, _ := url.Parse(l)
		targets = append(targets, u.Query().Get("start"))
	}
	codes := statusesOf(len(manage), func(i int) int {
		return s.postForm(t, manage[i]+"/move", url.Values{"start": {targets[i%3]}, "confirm": {"yes"}}).StatusCode
	})
	if codes[http.StatusSeeOther] != 3 || codes[http.StatusConflict] != 27 {
		t.Errorf("statuses %v, want 3 × 303 and 27 × 409", codes)
	}
	as, _ := s.db.Appointments(context.Background(), clinic.AppointmentFilter{From: testNow, To: testNow.Add(90 * 24 * time.Hour)})
	noActiveOverlaps(t, as)
}

// statusesOf runs call(0) … call(n-1) at once and counts the statuses
// they answer.
func statusesOf(n int, call func(i int) int) map[int]int {
	var mu sync.Mutex
	codes := map[int]int{}
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			code := call(i)
			mu.Lock()
			codes[code]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return codes
}

// noActiveOverlaps fails t if two active appointments of one clinician
// in as overlap.
func noActiveOverlaps(t *testing.T, as []*clinic.Appointment) {
	t.Helper()
	for i := range as {
		for j := i + 1; j < len(as); j++ {
			if as[i].Provider == as[j].Provider && clinic.Active(as[i].Status) && clinic.Active(as[j].Status) && as[i].Overlaps(as[j]) {
				t.Errorf("appointments %d and %d overlap", as[i].ID, as[j].ID)
			}
		}
	}
}

// behindProxy trusts the test's own loopback address as a proxy, so that
// each request can say which patient's address it comes from.
func behindProxy(c *web.Config) {
	c.TrustedProxies = append(c.TrustedProxies, netip.MustParsePrefix("127.0.0.0/8"))
}

// patientAddr is the address of the i-th of many patients.
func patientAddr(i int) string { return fmt.Sprintf("198.51.%d.%d", i/250, i%250+1) }

// postFrom posts form as the i-th patient, through a trusted proxy.
func (s *site) postFrom(t testing.TB, i int, target string, form url.Values) *response {
	t.Helper()
	req := formRequest(target, form)
	req.RemoteAddr = "10.0.0.1:40000"
	req.Header.Set("X-Forwarded-For", patientAddr(i))
	return s.do(t, req)
}

// TestOneAddressCannotFillTheCalendar books from one client address until
// the limit: the eleventh online booking in a quarter of an hour is
// refused with 429, and a booking that lost its time does not count.
func TestOneAddressCannotFillTheCalendar(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	links := openLinks(t, s, "type=follow-up&location=seattle&doctor=dr-maya-lindqvist", 12, 30*time.Minute)
	taken := patientForm(t, s, links[0])
	for i, l := range links[:10] {
		if r := s.postForm(t, "/appointments/details", patientForm(t, s, l)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking %d: %d", i+1, r.StatusCode)
		}
	}
	if r := s.postForm(t, "/appointments/details", taken); r.StatusCode != http.StatusConflict {
		t.Errorf("a taken time: %d", r.StatusCode)
	}
	r := s.postForm(t, "/appointments/details", patientForm(t, s, links[10]))
	if r.StatusCode != http.StatusTooManyRequests || !strings.Contains(r.body, "call us") {
		t.Errorf("the eleventh booking: %d", r.StatusCode)
	}
	s.clock.advance(16 * time.Minute)
	if r := s.postForm(t, "/appointments/details", patientForm(t, s, links[11])); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after the window: %d", r.StatusCode)
	}
}
