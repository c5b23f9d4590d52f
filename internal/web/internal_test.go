package web

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"clinic"
)

func TestStatusOfEachErrorKind(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind string
		want int
	}{
		{clinic.EInvalid, http.StatusBadRequest},
		{clinic.ENotFound, http.StatusNotFound},
		{clinic.EConflict, http.StatusConflict},
		{clinic.ETooMany, http.StatusTooManyRequests},
		{clinic.ETooLarge, http.StatusRequestEntityTooLarge},
		{clinic.EUnauthorized, http.StatusUnauthorized},
		{clinic.EForbidden, http.StatusForbidden},
		{clinic.EInternal, http.StatusInternalServerError},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			if got := status(clinic.Errorf(tt.kind, "x")); got != tt.want {
				t.Errorf("status(%s) = %d, want %d", tt.kind, got, tt.want)
			}
		})
	}
}

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   bool
	}{
		{"", false},
		{"gzip", true},
		{"GZIP", true},
		{"br, gzip;q=0.5", true},
		{"gzip;q=0", false},
		{"gzip; q=0.000", false},
		{"deflate", false},
		{"x-gzip-ish", false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header.Set("Accept-Encoding", tt.header)
		if got := acceptsGzip(r); got != tt.want {
			t.Errorf("acceptsGzip(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestETagMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		header string
		want   bool
	}{
		{`"abc"`, true},
		{`W/"abc"`, true},
		{`"x", "abc"`, true},
		{`*`, true},
		{`"abd"`, false},
		{``, false},
		{`abc`, false},
	}
	for _, tt := range tests {
		if got := etagMatch(tt.header, `"abc"`); got != tt.want {
			t.Errorf("etagMatch(%q) = %v, want %v", tt.header, got, tt.want)
		}
	}
}

func TestPageCacheStaysWithinBudget(t *testing.T) {
	t.Parallel()
	c := newPageCache(64 << 10)
	body := make([]byte, 4<<10)
	for i := range 100 {
		c.put(&entry{key: "/p/" + string(rune('a'+i%26)) + string(rune('a'+i/26)), gz: body})
	}
	if c.used > c.budget {
		t.Errorf("cache holds %d bytes over a budget of %d", c.used, c.budget)
	}
	if c.lru.Len() == 0 || c.lru.Len() != len(c.byKey) {
		t.Errorf("list has %d entries, map %d", c.lru.Len(), len(c.byKey))
	}
}

func TestTelURI(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"(425) 555-0100", "tel:+14255550100"},
		{"+1 425 555 0100", "tel:+14255550100"},
		{"555-0100", "tel:5550100"},
	}
	for _, tt := range tests {
		if got := string(telURI(tt.in)); got != tt.want {
			t.Errorf("telURI(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSnippetHTMLEscapesAndMarks(t *testing.T) {
	t.Parallel()
	got := string(snippetHTML("a <b> " + clinic.SnippetStart + "spine" + clinic.SnippetEnd + " & " + clinic.SnippetStart + "open"))
	want := "a &lt;b&gt; <mark>spine</mark> &amp; <mark>open</mark>"
	if got != want {
		t.Errorf("snippetHTML = %q, want %q", got, want)
	}
}

func TestConcurrentMissesRenderOnce(t *testing.T) {
	t.Parallel()
	s := &Server{cache: newPageCache(0), log: slog.New(slog.DiscardHandler)}
	var renders atomic.Int32
	release := make(chan struct{})
	h := s.cached(func(w http.ResponseWriter, r *http.Request) error {
		renders.Add(1)
		<-release
		w.Header().Set("Content-Type", "text/plain")
		_, err := w.Write([]byte("page"))
		return err
	})
	var wg sync.WaitGroup
	codes := make([]int, 20)
	for i := range codes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/p", nil))
			codes[i] = rec.Code
		}()
	}
	for renders.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders for 20 concurrent misses, want 1", n)
	}
	for i, c := range codes {
		if c != http.StatusOK {
			t.Errorf("request %d: status %d", i, c)
		}
	}
}
