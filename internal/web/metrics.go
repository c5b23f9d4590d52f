package web

import (
	"crypto/subtle"
	"net/http"
	"time"
)

// Metrics is told what the server does, for monitoring. Config.Metrics
// nil counts nothing. Request is called for every request, on the hot
// path: it must be cheap and must not allocate.
type Metrics interface {
	// Request counts a request by its route pattern, never the raw path.
	Request(pattern string, status int, d time.Duration)
	CacheHit()
	CacheMiss()
	// UploadBytes counts bytes of uploaded files received.
	UploadBytes(n int64)
}

// countRequest tells the metrics of a request that ended at end.
func (s *Server) countRequest(route string, status int, start, end time.Time) {
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.Request(route, status, end.Sub(start))
	}
}

func (s *Server) countCache(hit bool) {
	switch {
	case s.cfg.Metrics == nil:
	case hit:
		s.cfg.Metrics.CacheHit()
	default:
		s.cfg.Metrics.CacheMiss()
	}
}

// CountUpload counts n bytes of an uploaded file received.
func (s *Server) CountUpload(n int64) {
	if s.cfg.Metrics != nil {
		s.cfg.Metrics.UploadBytes(n)
	}
}

// metricsRoute serves Config.MetricsHandler on the site's own address
// to a scraper that sends Config.MetricsToken as a bearer token. The
// route table has it only when a token is set: without one, /metrics is
// not found on the site's address (metrics are then only on their own
// address, if any).
func (s *Server) metricsRoute() http.Handler {
	want := []byte("Bearer " + s.cfg.MetricsToken)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			http.Error(w, "Metrics need the bearer token of CLINIC_METRICS_TOKEN.", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		s.cfg.MetricsHandler.ServeHTTP(w, r)
	})
}
