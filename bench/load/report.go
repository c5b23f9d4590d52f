package main

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
)

// report is the printed form of a result. Latencies are in milliseconds.
type report struct {
	URL          string            `json:"url"`
	Header       map[string]string `json:"header,omitempty"`
	Connections  int               `json:"connections"`
	Warmup       float64           `json:"warmup_s"`
	Duration     float64           `json:"duration_s"`
	Requests     uint64            `json:"requests"`
	RPS          float64           `json:"rps"`
	Mean         float64           `json:"mean_ms"`
	Min          float64           `json:"min_ms"`
	P50          float64           `json:"p50_ms"`
	P90          float64           `json:"p90_ms"`
	P99          float64           `json:"p99_ms"`
	Max          float64           `json:"max_ms"`
	Errors       uint64            `json:"errors"`
	Non2xx       uint64            `json:"non_2xx"`
	Bytes        int64             `json:"bytes"`
	Status       map[string]uint64 `json:"status"`
	ErrorSamples []string          `json:"error_samples,omitempty"`
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func newReport(cfg config, res *result) report {
	elapsed := max(res.Elapsed, time.Nanosecond)
	r := report{
		URL:          cfg.target.String(),
		Header:       map[string]string{},
		Connections:  cfg.conns,
		Warmup:       cfg.warmup.Seconds(),
		Duration:     elapsed.Seconds(),
		Requests:     res.Requests,
		RPS:          float64(res.Requests) / elapsed.Seconds(),
		Mean:         ms(res.Hist.mean()),
		Min:          ms(res.Hist.min),
		P50:          ms(res.Hist.quantile(0.50)),
		P90:          ms(res.Hist.quantile(0.90)),
		P99:          ms(res.Hist.quantile(0.99)),
		Max:          ms(res.Hist.max),
		Errors:       res.Errors,
		Non2xx:       res.Non2xx,
		Bytes:        res.Bytes,
		Status:       map[string]uint64{},
		ErrorSamples: res.ErrorSamples,
	}
	for name, values := range cfg.header {
		r.Header[name] = strings.Join(values, ", ")
	}
	for code, n := range res.Status {
		r.Status[strconv.Itoa(code)] = n
	}
	return r
}

func (r report) writeJSON(w io.Writer) error {
	if err := json.NewEncoder(w).Encode(r); err != nil {
		return fmt.Errorf("write json: %w", err)
	}
	return nil
}

func (r report) writeText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "GET %s\n", r.URL)
	for _, name := range slices.Sorted(maps.Keys(r.Header)) {
		fmt.Fprintf(&b, "  %s: %s\n", name, r.Header[name])
	}
	fmt.Fprintf(&b, "%d connections, %.1fs measured after %.1fs warm-up\n", r.Connections, r.Duration, r.Warmup)
	fmt.Fprintf(&b, "requests  %d  (%.1f/s)\n", r.Requests, r.RPS)
	fmt.Fprintf(&b, "latency   p50 %.3fms  p90 %.3fms  p99 %.3fms  max %.3fms  (mean %.3fms)\n",
		r.P50, r.P90, r.P99, r.Max, r.Mean)
	fmt.Fprintf(&b, "errors    %d  non-2xx %d\n", r.Errors, r.Non2xx)
	fmt.Fprintf(&b, "bytes     %d  (%.1f MB/s)\n", r.Bytes, float64(r.Bytes)/r.Duration/1e6)
	for _, code := range slices.Sorted(maps.Keys(r.Status)) {
		fmt.Fprintf(&b, "status    %s: %d\n", code, r.Status[code])
	}
	for _, s := range r.ErrorSamples {
		fmt.Fprintf(&b, "error     %s\n", s)
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
