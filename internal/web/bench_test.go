package web_test

import (
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
// page that is in the cache: middleware, routing, lookup and write.
func BenchmarkCachedPostPage(b *testing.B) {
	s := newSite(b)
	req := httptest.NewRequest("GET", "/blog/can-a-torn-disc-heal", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	s.srv.ServeHTTP(httptest.NewRecorder(), req)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		w := &discard{h: http.Header{}}
		for pb.Next() {
			clear(w.h)
			s.srv.ServeHTTP(w, req)
		}
	})
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
