// Package metrics counts what the clinic's server does, for Prometheus:
// requests and their latency by route pattern, page cache hits and
// misses, mail sent and failed, upload bytes, and, read when scraped, the
// outbox's depth, the database pools' use and the last backup's age.
//
// Counting a request is on the hot path of every page: the counters and
// the histogram of each route pattern are looked up once and kept, so a
// request costs a map lookup and three atomic adds, and allocates nothing.
package metrics

import (
	"context"
	"database/sql"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Sources are where the figures read at scrape time come from. A nil
// source is left out.
type Sources struct {
	// OutboxDepth counts the messages waiting: due by now, and due later.
	OutboxDepth func(ctx context.Context, now time.Time) (due, later int, err error)
	// LastBackup is when the last backup that succeeded finished; the
	// zero time when none has.
	LastBackup func(ctx context.Context) (time.Time, error)
	// Pools are the database connection pools' statistics by pool name.
	Pools func() map[string]sql.DBStats
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// Logger receives errors of collection; nil discards them.
	Logger *slog.Logger
}

// latencyBuckets are the request latency histogram's upper bounds in
// seconds: from a cached page (well under a millisecond) to a slow
// render or write.
var latencyBuckets = []float64{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

// Registry holds the clinic's metrics.
type Registry struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// routes maps a route pattern to its metrics, copied on write so that
	// a request reads it with no lock.
	routes   atomic.Pointer[map[string]*route]
	routesMu sync.Mutex

	cacheHits, cacheMisses prometheus.Counter
	mailSent               prometheus.Counter
	mailFailed             *prometheus.CounterVec
	uploadBytes            prometheus.Counter
	src                    Sources
}

// route is one route pattern's counters by status class (index
// status/100, 0 for anything outside 100 to 599) and latency histogram.
type route struct {
	status  [6]prometheus.Counter
	latency prometheus.Observer
}

// statusClasses are the values of the status label.
var statusClasses = [6]string{"other", "1xx", "2xx", "3xx", "4xx", "5xx"}

// New makes the registry, with the Go runtime's and the process's
// metrics beside the clinic's.
func New(src Sources) *Registry {
	if src.Now == nil {
		src.Now = time.Now
	}
	r := &Registry{reg: prometheus.NewRegistry(), src: src}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clinic_http_requests_total",
		Help: "HTTP requests answered, by route pattern and status class."}, []string{"route", "status"})
	r.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "clinic_http_request_duration_seconds",
		Help: "Time to answer an HTTP request, by route pattern.", Buckets: latencyBuckets}, []string{"route"})
	r.cacheHits = prometheus.NewCounter(prometheus.CounterOpts{Name: "clinic_page_cache_hits_total", Help: "Public pages answered from the page cache."})
	r.cacheMisses = prometheus.NewCounter(prometheus.CounterOpts{Name: "clinic_page_cache_misses_total", Help: "Public pages rendered because the page cache had no current copy."})
	r.mailSent = prometheus.NewCounter(prometheus.CounterOpts{Name: "clinic_mail_sent_total", Help: "Outbox messages sent by this instance."})
	r.mailFailed = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "clinic_mail_failed_total",
		Help: "Outbox messages that failed to send on this instance, by class of failure."}, []string{"class"})
	r.uploadBytes = prometheus.NewCounter(prometheus.CounterOpts{Name: "clinic_upload_bytes_total", Help: "Bytes of uploaded files received."})
	empty := map[string]*route{}
	r.routes.Store(&empty)
	r.reg.MustRegister(r.requests, r.latency, r.cacheHits, r.cacheMisses, r.mailSent, r.mailFailed, r.uploadBytes,
		&state{src: src}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Handler serves the metrics in Prometheus's text format. A figure that
// cannot be read (the database is down) is left out and logged; the
// others are served.
func (r *Registry) Handler() http.Handler {
	opts := promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, MaxRequestsInFlight: 4, Timeout: 10 * time.Second}
	if r.src.Logger != nil {
		opts.ErrorLog = errorLog{r.src.Logger}
	}
	return promhttp.HandlerFor(r.reg, opts)
}

// errorLog hands promhttp's errors to slog.
type errorLog struct{ log *slog.Logger }

func (l errorLog) Println(v ...any) { l.log.Error("metrics: collect", "err", slog.AnyValue(v)) }

// Request counts a request answered with status after d, under its route
// pattern (never the raw path, which could carry what a patient typed).
func (r *Registry) Request(pattern string, status int, d time.Duration) {
	rt := (*r.routes.Load())[pattern]
	if rt == nil {
		rt = r.addRoute(pattern)
	}
	class := status / 100
	if class < 1 || class > 5 {
		class = 0
	}
	rt.status[class].Inc()
	rt.latency.Observe(d.Seconds())
}

// addRoute resolves a route pattern's labels once and publishes them in
// a new copy of the map.
func (r *Registry) addRoute(pattern string) *route {
	r.routesMu.Lock()
	defer r.routesMu.Unlock()
	old := *r.routes.Load()
	if rt := old[pattern]; rt != nil {
		return rt
	}
	rt := &route{latency: r.latency.WithLabelValues(pattern)}
	for i, c := range statusClasses {
		rt.status[i] = r.requests.WithLabelValues(pattern, c)
	}
	routes := make(map[string]*route, len(old)+1)
	for k, v := range old {
		routes[k] = v
	}
	routes[pattern] = rt
	r.routes.Store(&routes)
	return rt
}

// CacheHit counts a page answered from the page cache.
func (r *Registry) CacheHit() { r.cacheHits.Inc() }

// CacheMiss counts a page rendered for want of a current cached copy.
func (r *Registry) CacheMiss() { r.cacheMisses.Inc() }

// MailSent counts a message sent.
func (r *Registry) MailSent() { r.mailSent.Inc() }

// MailFailed counts a message that failed, by the class of the failure
// (package mail's classes, such as "connect" or "rejected").
func (r *Registry) MailFailed(class string) { r.mailFailed.WithLabelValues(class).Inc() }

// UploadBytes counts n bytes of uploaded files received.
func (r *Registry) UploadBytes(n int64) {
	if n > 0 {
		r.uploadBytes.Add(float64(n))
	}
}
