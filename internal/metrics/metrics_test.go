package metrics

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

var scrapeNow = time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)

// scrape fetches the registry's page as Prometheus would and parses it.
func scrape(t *testing.T, r *Registry) map[string]*dto.MetricFamily {
	t.Helper()
	w := httptest.NewRecorder()
	r.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/metrics", nil))
	if w.Code != http.StatusOK {
		t.Fatalf("GET /metrics = %d\n%s", w.Code, w.Body)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(w.Body)
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	return families
}

// value is the value of the metric of a family whose labels are those
// given, or NaN when there is none.
func value(families map[string]*dto.MetricFamily, name string, labels ...string) float64 {
	f := families[name]
	if f == nil {
		return math.NaN()
	}
	for _, m := range f.Metric {
		if hasLabels(m, labels) {
			switch {
			case m.Counter != nil:
				return m.Counter.GetValue()
			case m.Gauge != nil:
				return m.Gauge.GetValue()
			case m.Histogram != nil:
				return float64(m.Histogram.GetSampleCount())
			}
		}
	}
	return math.NaN()
}

func hasLabels(m *dto.Metric, kv []string) bool {
	for i := 0; i+1 < len(kv); i += 2 {
		found := false
		for _, l := range m.Label {
			found = found || (l.GetName() == kv[i] && l.GetValue() == kv[i+1])
		}
		if !found {
			return false
		}
	}
	return true
}

func TestAScrapeShowsWhatWasCounted(t *testing.T) {
	t.Parallel()
	last := scrapeNow.Add(-90 * time.Minute)
	r := New(Sources{
		OutboxDepth: func(ctx context.Context, now time.Time) (int, int, error) { return 3, 14, nil },
		LastBackup:  func(ctx context.Context) (time.Time, error) { return last, nil },
		Pools: func() map[string]sql.DBStats {
			return map[string]sql.DBStats{"write": {MaxOpenConnections: 1, OpenConnections: 1, InUse: 1, WaitCount: 7}}
		},
		Now: func() time.Time { return scrapeNow },
	})
	r.Request("GET /blog/{slug}", 200, 3*time.Millisecond)
	r.Request("GET /blog/{slug}", 304, time.Millisecond)
	r.Request("POST /appointments/details", 409, 40*time.Millisecond)
	r.Request("unmatched", 999, time.Millisecond)
	r.CacheHit()
	r.CacheHit()
	r.CacheMiss()
	r.MailSent()
	r.MailFailed("temporary")
	r.UploadBytes(5 << 20)
	r.UploadBytes(-1)
	fs := scrape(t, r)
	tests := []struct {
		name   string
		metric string
		labels []string
		want   float64
	}{
		{"a 200 counts under its route and class", "clinic_http_requests_total", []string{"route", "GET /blog/{slug}", "status", "2xx"}, 1},
		{"a 304 counts as 3xx", "clinic_http_requests_total", []string{"route", "GET /blog/{slug}", "status", "3xx"}, 1},
		{"a 409 counts as 4xx", "clinic_http_requests_total", []string{"route", "POST /appointments/details", "status", "4xx"}, 1},
		{"a status out of range counts as other", "clinic_http_requests_total", []string{"route", "unmatched", "status", "other"}, 1},
		{"the latency histogram has both requests of a route", "clinic_http_request_duration_seconds", []string{"route", "GET /blog/{slug}"}, 2},
		{"cache hits", "clinic_page_cache_hits_total", nil, 2},
		{"cache misses", "clinic_page_cache_misses_total", nil, 1},
		{"mail sent", "clinic_mail_sent_total", nil, 1},
		{"mail failed by class", "clinic_mail_failed_total", []string{"class", "temporary"}, 1},
		{"upload bytes, a negative count ignored", "clinic_upload_bytes_total", nil, 5 << 20},
		{"messages due now", "clinic_outbox_messages", []string{"due", "now"}, 3},
		{"messages due later", "clinic_outbox_messages", []string{"due", "later"}, 14},
		{"the backup's age in seconds", "clinic_backup_age_seconds", nil, 5400},
		{"the backup's time", "clinic_backup_last_success_timestamp_seconds", nil, float64(last.Unix())},
		{"connections in use by pool", "clinic_db_connections_in_use", []string{"pool", "write"}, 1},
		{"waits for a connection", "clinic_db_waits_total", []string{"pool", "write"}, 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := value(fs, tt.metric, tt.labels...); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.metric, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("the Go runtime's metrics are there", func(t *testing.T) {
		if fs["go_goroutines"] == nil {
			t.Error("no go_goroutines")
		}
	})
	t.Run("no route is labelled with a raw path", func(t *testing.T) {
		var routes []string
		for _, m := range fs["clinic_http_request_duration_seconds"].Metric {
			routes = append(routes, m.Label[0].GetValue())
		}
		want := []string{"GET /blog/{slug}", "POST /appointments/details", "unmatched"}
		if diff := cmp.Diff(want, routes); diff != "" {
			t.Errorf("routes (-want +got):\n%s", diff)
		}
	})
}

func TestAFigureThatCannotBeReadIsLeftOutOfTheScrape(t *testing.T) {
	t.Parallel()
	r := New(Sources{
		OutboxDepth: func(context.Context, time.Time) (int, int, error) { return 0, 0, errors.New("database down") },
		LastBackup:  func(context.Context) (time.Time, error) { return time.Time{}, nil },
		Now:         func() time.Time { return scrapeNow },
	})
	r.CacheHit()
	fs := scrape(t, r)
	if fs["clinic_outbox_messages"] != nil {
		t.Error("the outbox figure is there though it could not be read")
	}
	if got := value(fs, "clinic_page_cache_hits_total"); got != 1 {
		t.Errorf("cache hits = %v beside the failure, want 1", got)
	}
	if got := value(fs, "clinic_backup_age_seconds"); !math.IsInf(got, 1) {
		t.Errorf("backup age with no backup = %v, want +Inf", got)
	}
}

func TestCountingARequestAllocatesNothing(t *testing.T) {
	r := New(Sources{})
	r.Request("GET /blog/{slug}", 200, time.Millisecond) // the route's first request resolves its labels
	route := string([]byte("GET /blog/{slug}"))          // not the same string as the first
	if n := testing.AllocsPerRun(1000, func() { r.Request(route, 200, time.Millisecond) }); n != 0 {
		t.Errorf("Request allocates %v times, want 0", n)
	}
}

// BenchmarkRequest is the cost that counting adds to each request.
func BenchmarkRequest(b *testing.B) {
	r := New(Sources{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Request("GET /blog/{slug}", 200, time.Millisecond)
		}
	})
}
