package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"clinic/bench/internal/loopback"
)

// What the clients read: pages, searches, and the week of open times of
// a clinician who sees patients in Seattle.
var (
	pages    = []string{"/", "/blog", "/blog/pilates-for-back-pain", "/doctors", "/treatments", "/locations"}
	searches = []string{"pain", "disc", "injection", "fusion"}
	doctors  = []string{"dr-maya-lindqvist", "dr-samuel-okafor", "jordan-ellis-arnp"}
)

// The routes as the report names them.
const (
	routePage   = "GET pages"
	routeSearch = "GET /search"
	routeSlots  = "GET /appointments (slot lookup)"
	routeBook   = "POST /appointments/details"
	routeUpload = "PATCH /mri-review/files/{id}"
)

// steps is each client's round: half pages, a fifth searches, a fifth
// slot lookups, a tenth bookings.
var steps = []string{routePage, routeSlots, routePage, routeSearch, routePage, routeBook, routePage, routeSlots, routeSearch, routePage}

func newClient(conns int) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second, Control: loopback.Only}
	return &http.Client{Timeout: 5 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		Transport:     &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: conns}}
}

// results are the latencies and errors of a run, by route.
type results struct {
	mu        sync.Mutex
	latencies map[string][]time.Duration
	errors    map[string]int
	firstErrs []string
	elapsed   time.Duration
	upload    uploadResult
}

func (r *results) record(route string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errors[route]++
		if len(r.firstErrs) < 5 {
			r.firstErrs = append(r.firstErrs, route+": "+err.Error())
		}
		return
	}
	r.latencies[route] = append(r.latencies[route], d)
}

// traffic is one run's shared state.
type traffic struct {
	bases []string
	next  atomic.Uint64 // round-robin over bases
	times []url.Values
	taken atomic.Int64 // times booked so far
	res   *results
}

func (tr *traffic) base() string { return tr.bases[tr.next.Add(1)%uint64(len(tr.bases))] }

// runTraffic runs o.clients clients for o.duration and the upload, and
// returns when both are done.
func runTraffic(ctx context.Context, bases []string, times []url.Values, o options) *results {
	tr := &traffic{bases: bases, times: times, res: &results{latencies: map[string][]time.Duration{}, errors: map[string]int{}}}
	ctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	began := time.Now()
	var wg sync.WaitGroup
	c := newClient(o.clients)
	for i := range o.clients {
		wg.Go(func() {
			for n := i; ctx.Err() == nil; n++ {
				tr.step(ctx, c, steps[n%len(steps)], n)
			}
		})
	}
	if o.upload > 0 {
		wg.Go(func() { tr.res.upload = tr.uploadStudy(context.WithoutCancel(ctx), int64(o.upload), int64(o.part)) })
	}
	wg.Wait()
	tr.res.elapsed = time.Since(began)
	return tr.res
}

// step sends one request of route, the n-th of its client.
func (tr *traffic) step(ctx context.Context, c *http.Client, route string, n int) {
	var path string
	switch route {
	case routePage:
		path = pages[n%len(pages)]
	case routeSearch:
		path = "/search?q=" + searches[n%len(searches)]
	case routeBook:
		if i := tr.taken.Add(1) - 1; i < int64(len(tr.times)) {
			tr.book(ctx, c, tr.times[i], int(i))
			return
		}
		route = routeSlots // every time found is booked
		fallthrough
	case routeSlots:
		path = "/appointments?type=follow-up&location=seattle&doctor=" + doctors[n%len(doctors)]
	}
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, tr.base()+path, nil)
	req.Header.Set("Accept-Encoding", "gzip")
	tr.send(ctx, c, route, req, http.StatusOK)
}

// send sends req and records its latency, or an error when the answer
// is not want. A request cut off by the end of the run is not counted.
func (tr *traffic) send(ctx context.Context, c *http.Client, route string, req *http.Request, want int) {
	start := time.Now()
	res, err := c.Do(req)
	if err == nil {
		_, err = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if err == nil && res.StatusCode != want {
			err = fmt.Errorf("%s %s: %s", req.Method, req.URL.Path, res.Status)
		}
	}
	if ctx.Err() != nil {
		return
	}
	tr.res.record(route, time.Since(start), err)
}

// book posts the details form for an open time as a patient whose
// address a trusted proxy names.
func (tr *traffic) book(ctx context.Context, c *http.Client, q url.Values, i int) {
	f := url.Values{}
	for k, v := range q {
		f[k] = v
	}
	f.Set("key", rand.Text())
	f.Set("name", fmt.Sprintf("Load Patient %d", i))
	f.Set("dob", "1961-07-04")
	f.Set("phone", "(206) 555-0142")
	f.Set("email", fmt.Sprintf("load+%d@example.com", i))
	f.Set("reason", "Low back pain, follow-up")
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, tr.base()+"/appointments/details", strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i/62500%250, i/250%250, i%250+1))
	tr.send(ctx, c, routeBook, req, http.StatusSeeOther)
}

var (
	selSlot = cascadia.MustCompile(`a.slot`)
	selNext = cascadia.MustCompile(`a[rel="next"]`)
)

// openTimes reads the open follow-up times in Seattle of each clinician
// from the week pages, keeping those at least 30 minutes apart (a
// follow-up and the time kept free after it), so that each can be booked.
func openTimes(ctx context.Context, c *http.Client, base string) ([]url.Values, error) {
	var out []url.Values
	for _, d := range doctors {
		var last time.Time
		for next := "/appointments?type=follow-up&location=seattle&doctor=" + d; next != ""; {
			doc, err := getHTML(ctx, c, base+next)
			if err != nil {
				return nil, err
			}
			for _, a := range selSlot.MatchAll(doc) {
				u, err := url.Parse(attr(a, "href"))
				if err != nil {
					continue
				}
				start, err := time.Parse(time.RFC3339, u.Query().Get("start"))
				if err == nil && start.Sub(last) >= 30*time.Minute {
					out, last = append(out, u.Query()), start
				}
			}
			next = ""
			if a := selNext.MatchFirst(doc); a != nil {
				next = attr(a, "href")
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no open follow-up time in Seattle at %s", base)
	}
	return out, nil
}

func getHTML(ctx context.Context, c *http.Client, u string) (*html.Node, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	return html.Parse(res.Body)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
