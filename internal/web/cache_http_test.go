package web_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// wire is what a client read off the connection for one request.
type wire struct {
	Status        int
	Encoding      string
	Vary          string
	ETag          string
	ContentLength string
	Body          string // gunzipped when it came gzipped
	BodyBytes     int    // as sent
}

// fetch sends one request over a real connection, without the client's
// own decompression, so that headers and body are what the server sent.
func fetch(t *testing.T, client *http.Client, method, url string, header map[string]string) wire {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	w := wire{Status: res.StatusCode, Encoding: res.Header.Get("Content-Encoding"), Vary: res.Header.Get("Vary"),
		ETag: res.Header.Get("ETag"), ContentLength: res.Header.Get("Content-Length"), Body: string(b), BodyBytes: len(b)}
	if w.Encoding == "gzip" && len(b) > 0 {
		w.Body = gunzip(t, string(b))
	}
	return w
}

func TestCachedPagesAreServedInBothEncodings(t *testing.T) {
	s := newSite(t)
	ts := httptest.NewServer(s.srv)
	defer ts.Close()
	client := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	const path = "/blog/can-a-torn-disc-heal"
	plain := fetch(t, client, "GET", ts.URL+path, nil) // renders and caches
	zipped := fetch(t, client, "GET", ts.URL+path, map[string]string{"Accept-Encoding": "gzip"})
	if plain.Status != http.StatusOK || !strings.Contains(plain.Body, "</html>") || plain.ETag == "" {
		t.Fatalf("first answer: status %d, ETag %q, %d bytes", plain.Status, plain.ETag, len(plain.Body))
	}
	gzLen := strconv.Itoa(zipped.BodyBytes)
	plainLen := strconv.Itoa(len(plain.Body))
	page, etag := plain.Body, plain.ETag
	tests := []struct {
		name   string
		method string
		header map[string]string
		want   wire
	}{
		{"a client without Accept-Encoding gets the plain page", "GET", nil,
			wire{200, "", "Accept-Encoding", etag, plainLen, page, len(page)}},
		{"a client that takes gzip gets it gzipped", "GET", map[string]string{"Accept-Encoding": "gzip, deflate, br"},
			wire{200, "gzip", "Accept-Encoding", etag, gzLen, page, zipped.BodyBytes}},
		{"gzip;q=0 gets the plain page", "GET", map[string]string{"Accept-Encoding": "gzip;q=0, br"},
			wire{200, "", "Accept-Encoding", etag, plainLen, page, len(page)}},
		{"a client preferring identity gets the plain page", "GET", map[string]string{"Accept-Encoding": "gzip;q=0.5, identity"},
			wire{200, "", "Accept-Encoding", etag, plainLen, page, len(page)}},
		{"HEAD without gzip gets the plain length and no body", "HEAD", nil,
			wire{200, "", "Accept-Encoding", etag, plainLen, "", 0}},
		{"HEAD with gzip gets the gzip length and no body", "HEAD", map[string]string{"Accept-Encoding": "gzip"},
			wire{200, "gzip", "Accept-Encoding", etag, gzLen, "", 0}},
		{"a known ETag gets 304 without a body", "GET", map[string]string{"If-None-Match": `"other", ` + etag},
			wire{304, "", "Accept-Encoding", etag, "", "", 0}},
		{"a known ETag with gzip gets 304 too", "GET", map[string]string{"If-None-Match": "W/" + etag, "Accept-Encoding": "gzip"},
			wire{304, "", "Accept-Encoding", etag, "", "", 0}},
		{"an unknown ETag gets the page", "GET", map[string]string{"If-None-Match": `"other"`},
			wire{200, "", "Accept-Encoding", etag, plainLen, page, len(page)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := fetch(t, client, tt.method, ts.URL+path, tt.header)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("%s %s (-want +got):\n%s", tt.method, path, diff)
			}
		})
	}
}

// logLines serves the requests and returns the request log lines, each
// without its time, id and duration.
func logLines(t *testing.T, reqs ...*http.Request) []string {
	t.Helper()
	var logs bytes.Buffer
	s := newSiteLogging(t, slog.New(slog.NewTextHandler(&logs, nil)))
	for _, r := range reqs {
		s.do(t, r)
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		var keep []string
		for _, f := range strings.Fields(l) {
			if !strings.HasPrefix(f, "time=") && !strings.HasPrefix(f, "id=") && !strings.HasPrefix(f, "duration=") {
				keep = append(keep, f)
			}
		}
		lines = append(lines, strings.Join(keep, " "))
	}
	return lines
}

func TestCachedAnswersAreLoggedWithTheirRoute(t *testing.T) {
	get := func(path, inm string) *http.Request {
		r := httptest.NewRequest("GET", path, nil)
		if inm != "" {
			r.Header.Set("If-None-Match", inm)
		}
		return r
	}
	got := logLines(t,
		get("/blog/can-a-torn-disc-heal", ""),     // renders
		get("/blog/can-a-torn-disc-heal", ""),     // from the cache
		get("/blog/can-a-torn-disc-heal", "*"),    // from the cache, 304
		get("/blog/can-a-torn-disc-heal?x=1", ""), // through the routes, a hit
		httptest.NewRequest("HEAD", "/blog/can-a-torn-disc-heal", nil))
	line := `level=INFO msg=request method=%s route="GET /blog/{slug}" status=%d`
	want := []string{fmt.Sprintf(line, "GET", 200), fmt.Sprintf(line, "GET", 200), fmt.Sprintf(line, "GET", 304), fmt.Sprintf(line, "GET", 200), fmt.Sprintf(line, "HEAD", 200)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("log lines (-want +got):\n%s", diff)
	}
}

func TestCachedAnswersGoOnlyWhereTheRoutesWould(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/blog/can-a-torn-disc-heal", "/contact"} {
		if r := s.get(t, p); r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: status %d", p, r.StatusCode)
		}
	}
	t.Run("a slash escaped in the path does not reach a cached page", func(t *testing.T) {
		// The router reads /blog%2Fcan-a-torn-disc-heal as one segment,
		// a page of that name, which does not exist.
		if r := s.get(t, "/blog%2Fcan-a-torn-disc-heal"); r.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", r.StatusCode)
		}
	})
	t.Run("a form sent to a cached page's path is handled, not answered from the cache", func(t *testing.T) {
		r := s.postForm(t, "/contact", nil)
		if r.StatusCode == http.StatusOK && r.Header.Get("ETag") != "" {
			t.Errorf("POST /contact got the cached page")
		}
	})
	t.Run("a method other than GET and HEAD is routed", func(t *testing.T) {
		r := s.do(t, httptest.NewRequest("DELETE", "/blog/can-a-torn-disc-heal", nil))
		if r.StatusCode == http.StatusOK {
			t.Errorf("DELETE got status 200")
		}
	})
}

func TestCachedPagesExpireByTheServersClock(t *testing.T) {
	s := newSite(t)
	const path = "/blog/can-a-torn-disc-heal"
	before := s.get(t, path).text(t, "h1")
	b, err := s.db.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range b.Posts {
		if p.Slug == "can-a-torn-disc-heal" {
			p.Title = "A torn disc, looked at again"
		}
	}
	if _, err := s.db.Import(t.Context(), b); err != nil {
		t.Fatal(err)
	}
	// The server is not told of the write: only the page's age renews it.
	if got := s.get(t, path).text(t, "h1"); got != before {
		t.Errorf("h1 %q before the page is a minute old, want the cached %q", got, before)
	}
	s.clock.advance(time.Minute + time.Second)
	if got := s.get(t, path).text(t, "h1"); got != "A torn disc, looked at again" {
		t.Errorf("h1 %q after a minute, want the new title", got)
	}
}
