package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
)

// discard is a ResponseWriter that keeps nothing, so that the benchmark
// measures the server and not a recorder.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkCachedPostPage is the cost of answering a request for a post
// page that is in the cache: security headers, the cache lookup, the
// answer's headers and body, and the request log line, written by a text
// handler as in production (to io.Discard). The sub-benchmarks are a
// client that takes gzip, one that does not (curl, monitors, crawlers),
// one that already has the page (304), and a HEAD.
func BenchmarkCachedPostPage(b *testing.B) {
	s := newSiteLogging(b, slog.New(slog.NewTextHandler(io.Discard, nil)))
	const path = "/blog/can-a-torn-disc-heal"
	first := s.get(b, path)
	tests := []struct {
		name, method, header, value string
		status                      int
		encoding                    string
	}{
		{"gzip", "GET", "Accept-Encoding", "gzip, deflate, br, zstd", http.StatusOK, "gzip"},
		{"identity", "GET", "Accept-Encoding", "", http.StatusOK, ""},
		{"not modified", "GET", "If-None-Match", first.Header.Get("ETag"), http.StatusNotModified, ""},
		{"head", "HEAD", "Accept-Encoding", "gzip", http.StatusOK, "gzip"},
	}
	for _, tt := range tests {
		b.Run(tt.name, func(b *testing.B) {
			req := httptest.NewRequest(tt.method, path, nil)
			if tt.value != "" {
				req.Header.Set(tt.header, tt.value)
			}
			check := httptest.NewRecorder()
			s.srv.ServeHTTP(check, req)
			if check.Code != tt.status || check.Header().Get("Content-Encoding") != tt.encoding {
				b.Fatalf("status %d, Content-Encoding %q; want %d, %q", check.Code, check.Header().Get("Content-Encoding"), tt.status, tt.encoding)
			}
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				w := &discard{h: http.Header{}}
				for pb.Next() {
					clear(w.h)
					s.srv.ServeHTTP(w, req)
				}
			})
		})
	}
}

// BenchmarkUncachedPostPage is the cost of rendering a post page.
func BenchmarkUncachedPostPage(b *testing.B) {
	s := newSite(b)
	req := httptest.NewRequest("GET", "/blog/can-a-torn-disc-heal", nil)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		s.srv.SetVersion(int64(1000 + i))
		s.srv.ServeHTTP(&discard{h: http.Header{}}, req)
	}
}

// BenchmarkBookingWeek is the cost of the booking page with a week of
// open times for the first available of the clinicians at an office: the
// schedules read from the database, the slots computed, the page rendered.
func BenchmarkBookingWeek(b *testing.B) {
	s := newSite(b)
	req := httptest.NewRequest("GET", "/appointments?type=follow-up&location=seattle", nil)
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.srv.ServeHTTP(w, req)
		if w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}
