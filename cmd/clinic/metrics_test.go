package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// TestMetricsAreServedOnlyWhereAsked starts the server with metrics on an
// address of their own and behind a token on the site's, and scrapes
// both as Prometheus would.
func TestMetricsAreServedOnlyWhereAsked(t *testing.T) {
	t.Parallel()
	const token = "fedcba9876543210fedcba9876543210"
	metricsAddr := freeAddr(t)
	srv := startServer(t, t.TempDir(), "CLINIC_METRICS_ADDR="+metricsAddr, "CLINIC_METRICS_TOKEN="+token)
	getBody(t, srv.base+"/blog/pilates-for-back-pain")
	scrape := func(t *testing.T, url, auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	for _, tt := range []struct{ name, url, auth string }{
		{"on their own address", "http://" + metricsAddr + "/metrics", ""},
		{"on the site's address with the token", srv.base + "/metrics", "Bearer " + token},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := scrape(t, tt.url, tt.auth)
			if status != http.StatusOK {
				t.Fatalf("status %d", status)
			}
			parser := expfmt.NewTextParser(model.UTF8Validation)
			fs, err := parser.TextToMetricFamilies(strings.NewReader(body))
			if err != nil {
				t.Fatalf("the scrape does not parse: %v", err)
			}
			for _, name := range []string{"clinic_http_requests_total", "clinic_page_cache_misses_total", "clinic_outbox_messages",
				"clinic_backup_age_seconds", "clinic_db_connections_open", "clinic_mail_sent_total", "clinic_upload_bytes_total"} {
				if fs[name] == nil {
					t.Errorf("%s is missing", name)
				}
			}
		})
	}
	t.Run("on the site's address without the token they are refused", func(t *testing.T) {
		if status, body := scrape(t, srv.base+"/metrics", ""); status != http.StatusUnauthorized || strings.Contains(body, "clinic_http") {
			t.Errorf("status %d\n%.200s", status, body)
		}
	})
}

func TestMetricsSettings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		want MetricsConfig
		err  string
	}{
		{"off by default", nil, MetricsConfig{}, ""},
		{"an address of their own", map[string]string{"CLINIC_METRICS_ADDR": "127.0.0.1:9090"}, MetricsConfig{Addr: "127.0.0.1:9090"}, ""},
		{"an address without a port is refused", map[string]string{"CLINIC_METRICS_ADDR": "localhost"}, MetricsConfig{}, "host:port"},
		{"a short token is refused", map[string]string{"CLINIC_METRICS_TOKEN": "secret"}, MetricsConfig{}, "at least 32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, _, err := parseConfig(nil, func(k string) string { return tt.env[k] })
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Errorf("error %v, want one that says %q", err, tt.err)
				}
				return
			}
			if err != nil || cfg.Metrics != tt.want || cfg.Metrics.On() != (tt.want != MetricsConfig{}) {
				t.Errorf("Metrics = %+v, %v; want %+v", cfg.Metrics, err, tt.want)
			}
		})
	}
}
