package main

import (
	"clinic/bench/internal/loopback"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// config is what one load run does.
type config struct {
	target      *url.URL
	conns       int
	duration    time.Duration
	warmup      time.Duration
	timeout     time.Duration // per request
	maxRequests int64         // measured requests to send at most; 0 means no limit
	header      http.Header
}

// result is what one load run measured. Requests counts the requests that
// got a response, whatever its status; Errors those that got none.
type result struct {
	Elapsed      time.Duration
	Requests     uint64
	Errors       uint64
	Non2xx       uint64
	Bytes        int64
	Status       map[int]uint64
	ErrorSamples []string
	Hist         histogram
}

// maxErrorSamples bounds how many distinct error texts a run keeps.
const maxErrorSamples = 5

// worker is one connection's loop. It owns its counters and histogram.
type worker struct {
	res result
}

func newClient(cfg config) *http.Client {
	dialer := &net.Dialer{Timeout: cfg.timeout, KeepAlive: 30 * time.Second, Control: loopback.Only}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         dialer.DialContext,
		MaxIdleConns:        cfg.conns,
		MaxIdleConnsPerHost: cfg.conns,
		MaxConnsPerHost:     cfg.conns,
		DisableCompression:  true,
		IdleConnTimeout:     90 * time.Second,
	}
	return &http.Client{
		Transport: tr,
		Timeout:   cfg.timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// run sends requests on cfg.conns connections for cfg.warmup, unmeasured,
// then for cfg.duration, measured. It stops early when ctx is cancelled.
func run(ctx context.Context, cfg config) (*result, error) {
	client := newClient(cfg)
	defer client.CloseIdleConnections()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, cfg.target.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header = cfg.header.Clone()
	if h := cfg.header.Get("Host"); h != "" {
		req.Host = h
		req.Header.Del("Host")
	}
	begin := time.Now().Add(cfg.warmup)
	p := &phase{begin: begin, end: begin.Add(cfg.duration), budget: cfg.maxRequests}
	workers := make([]*worker, cfg.conns)
	var wg sync.WaitGroup
	for i := range workers {
		w := &worker{res: result{Status: map[int]uint64{}}}
		workers[i] = w
		wg.Go(func() { w.loop(ctx, client, req.Clone(ctx), p) })
	}
	wg.Wait()
	total := merge(workers)
	total.Elapsed = time.Since(begin)
	return total, nil
}

// phase tells workers whether a request is measured and when to stop.
type phase struct {
	begin, end time.Time
	budget     int64 // requests left to measure if > 0 at the start
	sent       atomic.Int64
}

// next reports whether to send another request started at now, and whether
// it is measured.
func (p *phase) next(now time.Time) (send, measured bool) {
	if !now.Before(p.end) {
		return false, false
	}
	if now.Before(p.begin) {
		return true, false
	}
	if p.budget > 0 && p.sent.Add(1) > p.budget {
		return false, false
	}
	return true, true
}

func (w *worker) loop(ctx context.Context, client *http.Client, req *http.Request, p *phase) {
	for ctx.Err() == nil {
		start := time.Now()
		send, measured := p.next(start)
		if !send {
			return
		}
		status, n, err := fetch(client, req)
		if !measured || ctx.Err() != nil {
			continue
		}
		w.add(time.Since(start), status, n, err)
	}
}

// fetch sends req and reads the whole body.
func fetch(client *http.Client, req *http.Request) (status int, n int64, err error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	n, err = io.Copy(io.Discard, resp.Body)
	if cerr := resp.Body.Close(); err == nil {
		err = cerr
	}
	return resp.StatusCode, n, err
}

func (w *worker) add(d time.Duration, status int, n int64, err error) {
	r := &w.res
	r.Bytes += n
	if err != nil {
		r.Errors++
		r.ErrorSamples = addSample(r.ErrorSamples, err)
		return
	}
	r.Requests++
	r.Status[status]++
	if status < 200 || status > 299 {
		r.Non2xx++
	}
	r.Hist.record(d)
}

func addSample(samples []string, err error) []string {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	s := err.Error()
	for _, have := range samples {
		if have == s {
			return samples
		}
	}
	if len(samples) >= maxErrorSamples {
		return samples
	}
	return append(samples, s)
}

func merge(workers []*worker) *result {
	total := &result{Status: map[int]uint64{}}
	for _, w := range workers {
		r := &w.res
		total.Requests += r.Requests
		total.Errors += r.Errors
		total.Non2xx += r.Non2xx
		total.Bytes += r.Bytes
		for code, n := range r.Status {
			total.Status[code] += n
		}
		for _, s := range r.ErrorSamples {
			total.ErrorSamples = addSample(total.ErrorSamples, errors.New(s))
		}
		total.Hist.merge(&r.Hist)
	}
	return total
}
