package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// recorder is a test server that answers with a fixed body and remembers the
// Accept-Encoding headers and connections it saw.
type recorder struct {
	body     string
	mu       sync.Mutex
	encoding map[string]int
	remotes  map[string]bool
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.encoding[r.Header.Get("Accept-Encoding")]++
	rec.remotes[r.RemoteAddr] = true
	rec.mu.Unlock()
	if r.URL.Path == "/missing" {
		http.NotFound(w, r)
		return
	}
	w.Write([]byte(rec.body))
}

func startRecorder(t *testing.T) (*recorder, *url.URL) {
	t.Helper()
	rec := &recorder{body: strings.Repeat("x", 1234), encoding: map[string]int{}, remotes: map[string]bool{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	return rec, u
}

func TestRunCountsRequestsAndBytes(t *testing.T) {
	rec, u := startRecorder(t)
	cfg := config{target: u, conns: 4, duration: 5 * time.Second, timeout: time.Second,
		maxRequests: 300, header: http.Header{"Accept-Encoding": {"gzip"}}}
	res, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{"requests": res.Requests, "bytes": res.Bytes, "status": res.Status,
		"errors": res.Errors, "non2xx": res.Non2xx, "histogram count": res.Hist.n}
	want := map[string]any{"requests": uint64(300), "bytes": int64(300 * 1234), "status": map[int]uint64{200: 300},
		"errors": uint64(0), "non2xx": uint64(0), "histogram count": uint64(300)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if diff := cmp.Diff(map[string]int{"gzip": 300}, rec.encoding); diff != "" {
		t.Errorf("Accept-Encoding seen by the server (-want +got):\n%s", diff)
	}
	if len(rec.remotes) > 4 {
		t.Errorf("server saw %d connections; want at most 4", len(rec.remotes))
	}
}

func TestRunSendsNoAcceptEncodingUnlessAsked(t *testing.T) {
	rec, u := startRecorder(t)
	cfg := config{target: u, conns: 1, duration: 5 * time.Second, timeout: time.Second, maxRequests: 10, header: http.Header{}}
	if _, err := run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if diff := cmp.Diff(map[string]int{"": 10}, rec.encoding); diff != "" {
		t.Errorf("Accept-Encoding seen by the server (-want +got):\n%s", diff)
	}
}

func TestRunCountsNon2xx(t *testing.T) {
	_, u := startRecorder(t)
	u = u.JoinPath("missing")
	cfg := config{target: u, conns: 2, duration: 5 * time.Second, timeout: time.Second, maxRequests: 50, header: http.Header{}}
	res, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 50 || res.Non2xx != 50 || res.Status[http.StatusNotFound] != 50 {
		t.Errorf("requests %d, non-2xx %d, statuses %v; want 50 404s", res.Requests, res.Non2xx, res.Status)
	}
}

func TestRunCountsErrorsWhenNothingListens(t *testing.T) {
	_, u := startRecorder(t)
	srvURL := *u
	cfg := config{target: &srvURL, conns: 2, duration: 5 * time.Second, timeout: time.Second, maxRequests: 20, header: http.Header{}}
	cfg.target.Host = "127.0.0.1:1"
	res, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 20 || res.Requests != 0 || len(res.ErrorSamples) == 0 {
		t.Errorf("errors %d, requests %d, samples %q; want 20 errors and a sample", res.Errors, res.Requests, res.ErrorSamples)
	}
}

func TestRunStopsAfterDuration(t *testing.T) {
	_, u := startRecorder(t)
	cfg := config{target: u, conns: 2, duration: 300 * time.Millisecond, warmup: 100 * time.Millisecond,
		timeout: time.Second, header: http.Header{}}
	start := time.Now()
	res, err := run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took < 400*time.Millisecond || took > 2*time.Second {
		t.Errorf("run took %v; want about 400ms", took)
	}
	if res.Requests == 0 || res.Elapsed < 300*time.Millisecond {
		t.Errorf("requests %d in %v; want some in at least 300ms", res.Requests, res.Elapsed)
	}
}

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		wantOK bool
	}{
		{"a URL alone is enough", []string{"-url", "http://127.0.0.1/"}, true},
		{"headers of the form Name: value are accepted", []string{"-url", "http://127.0.0.1/", "-H", "Accept-Encoding: gzip"}, true},
		{"a missing URL is refused", []string{"-c", "4"}, false},
		{"a header without colon is refused", []string{"-url", "http://127.0.0.1/", "-H", "gzip"}, false},
		{"too many connections are refused", []string{"-url", "http://127.0.0.1/", "-c", "5000"}, false},
		{"a run longer than the bound is refused", []string{"-url", "http://127.0.0.1/", "-d", "2h"}, false},
		{"a negative warm-up is refused", []string{"-url", "http://127.0.0.1/", "-warmup", "-1s"}, false},
		{"stray arguments are refused", []string{"-url", "http://127.0.0.1/", "extra"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, err := parseFlags(tt.args)
			if gotOK := err == nil; gotOK != tt.wantOK {
				t.Errorf("parseFlags(%q) = %v; want accepted %v", tt.args, err, tt.wantOK)
			}
		})
	}
}
