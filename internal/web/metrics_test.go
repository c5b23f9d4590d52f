package web_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"clinic/internal/metrics"
	"clinic/internal/web"
)

const metricsToken = "0123456789abcdef0123456789abcdef"

// newMetricsSite is a site that counts into a registry of its own and,
// with a token, serves it at /metrics.
func newMetricsSite(t testing.TB, token string, log *slog.Logger) *site {
	t.Helper()
	reg := metrics.New(metrics.Sources{})
	return newSiteWith(t, func(c *web.Config) {
		c.Metrics, c.MetricsHandler, c.MetricsToken = reg, reg.Handler(), token
		if log != nil {
			c.Logger = log
		}
	})
}

func TestMetricsOnTheSiteAddress(t *testing.T) {
	t.Parallel()
	s := newMetricsSite(t, metricsToken, nil)
	const post = "/blog/can-a-torn-disc-heal"
	s.get(t, post)            // rendered: a miss
	s.get(t, post)            // replayed from the cache: a hit
	s.get(t, "/no-such-page") // a page address: a miss, and not found
	scrape := func(auth string) *response {
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		return s.do(t, req)
	}
	t.Run("without the token the scraper is refused", func(t *testing.T) {
		for _, auth := range []string{"", "Bearer wrong", "Basic " + metricsToken} {
			if res := scrape(auth); res.StatusCode != http.StatusUnauthorized || strings.Contains(res.body, "clinic_") {
				t.Errorf("Authorization %q: %d\n%.200s", auth, res.StatusCode, res.body)
			}
		}
	})
	res := scrape("Bearer " + metricsToken)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics with the token = %d", res.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	fs, err := parser.TextToMetricFamilies(strings.NewReader(res.body))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v", err)
	}
	t.Run("the post's requests count under its route pattern", func(t *testing.T) {
		if got := counted(fs["clinic_http_requests_total"], "GET /blog/{slug}", "2xx"); got != 2 {
			t.Errorf("GET /blog/{slug} 2xx = %v, want 2", got)
		}
		if got := counted(fs["clinic_http_requests_total"], "GET /{slug}", "4xx"); got != 1 {
			t.Errorf("the unknown page's 404 under GET /{slug} = %v, want 1", got)
		}
	})
	t.Run("the cache's hit and misses count", func(t *testing.T) {
		hits, misses := fs["clinic_page_cache_hits_total"], fs["clinic_page_cache_misses_total"]
		if hits == nil || misses == nil || hits.Metric[0].Counter.GetValue() != 1 || misses.Metric[0].Counter.GetValue() != 2 {
			t.Errorf("hits %v, misses %v; want 1 and 2", hits, misses)
		}
	})
	t.Run("no raw path is a label", func(t *testing.T) {
		if strings.Contains(res.body, "can-a-torn-disc-heal") || strings.Contains(res.body, "no-such-page") {
			t.Error("a raw path is in the metrics")
		}
	})
}

// counted is the counter of a route and status class.
func counted(f *dto.MetricFamily, route, status string) float64 {
	if f == nil {
		return -1
	}
	for _, m := range f.Metric {
		var r, st string
		for _, l := range m.Label {
			switch l.GetName() {
			case "route":
				r = l.GetValue()
			case "status":
				st = l.GetValue()
			}
		}
		if r == route && st == status {
			return m.Counter.GetValue()
		}
	}
	return 0
}

func TestNoMetricsOnTheSiteAddressWithoutAToken(t *testing.T) {
	t.Parallel()
	s := newMetricsSite(t, "", nil)
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.Header.Set("Authorization", "Bearer ")
	if res := s.do(t, req); res.StatusCode != http.StatusNotFound || strings.Contains(res.body, "clinic_http") {
		t.Errorf("GET /metrics with no token set = %d\n%.200s", res.StatusCode, res.body)
	}
}

// BenchmarkCachedPostPageCounted is the cached post page served over
// HTTP on a keep-alive connection in memory, as in
// BenchmarkCachedPostPageOverHTTP, by the clinic without metrics and
// with them on: the difference in cpu-ns/op is what counting costs each
// request.
func BenchmarkCachedPostPageCounted(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	const path = "/blog/can-a-torn-disc-heal"
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:18080\r\nAccept-Encoding: gzip\r\n\r\n")
	for _, v := range []struct {
		name string
		s    *site
	}{{"clinic", newSiteLogging(b, log)}, {"clinic+metrics", newMetricsSite(b, "", log)}} {
		v.s.get(b, path)
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			cpu := cpuTime(b)
			serveOverConn(b, v.s.srv, req, b.N)
			b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}
