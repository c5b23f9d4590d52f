package web_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkMRIUpload1GB uploads a 1 GB study over loopback to the real
// handler, through tus PATCHes of 16 MiB each written encrypted into the
// blob store on disk, and reports the rate and the peak resident memory
// of the process above what it held before the upload (from /proc).
//
//	go test ./internal/web -run '^$' -bench MRIUpload1GB -benchtime 1x
func BenchmarkMRIUpload1GB(b *testing.B) {
	const size, chunk = 1 << 30, 16 << 20
	m := newMRISite(b, 4<<30)
	srv := httptest.NewServer(m.srv)
	defer srv.Close()
	p := m.start(b, "192.0.2.200:1000")
	for b.Loop() {
		idle := rss(b)
		peak := watchRSS()
		start := time.Now()
		uploadOver(b, srv.URL, p.cookie, size, chunk)
		elapsed := time.Since(start)
		high := peak()
		b.ReportMetric(float64(size)/1e6/elapsed.Seconds(), "MB/s")
		b.ReportMetric(float64(high-idle)/(1<<20), "MiB-RSS-above-idle")
	}
}

// uploadOver sends size bytes of a repeating pattern as one tus upload in
// PATCHes of chunk bytes.
func uploadOver(b *testing.B, base, cookie string, size, chunk int64) {
	c := &http.Client{}
	do := func(method, url string, body io.Reader, h map[string]string) *http.Response {
		req, _ := http.NewRequest(method, url, body)
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Cookie", "clinic_mri_review="+cookie)
		for k, v := range h {
			req.Header.Set(k, v)
		}
		if n, ok := h["Content-Length"]; ok {
			req.ContentLength, _ = strconv.ParseInt(n, 10, 64)
		}
		res, err := c.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	res := do(http.MethodPost, base+"/mri-review/files", nil, map[string]string{"Upload-Length": strconv.FormatInt(size, 10)})
	if res.StatusCode != http.StatusCreated {
		b.Fatalf("create: %d", res.StatusCode)
	}
	// The server names the upload on the site's own address; the test
	// server listens elsewhere, so only the path is kept.
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		b.Fatal(err)
	}
	loc := base + u.Path
	pattern := bytes.Repeat([]byte("0123456789abcdef"), 4096)
	for off := int64(0); off < size; off += chunk {
		n := min(chunk, size-off)
		res := do(http.MethodPatch, loc, io.LimitReader(repeat{pattern, new(int)}, n), map[string]string{
			"Upload-Offset": strconv.FormatInt(off, 10), "Content-Type": "application/offset+octet-stream",
			"Content-Length": strconv.FormatInt(n, 10)})
		if res.StatusCode != http.StatusNoContent {
			b.Fatalf("PATCH at %d: %d", off, res.StatusCode)
		}
	}
}

// repeat reads a pattern over and over.
type repeat struct {
	p   []byte
	pos *int
}

func (r repeat) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		k := copy(b[n:], r.p[*r.pos:])
		n += k
		*r.pos = (*r.pos + k) % len(r.p)
	}
	return n, nil
}

// rss is the process's resident memory in bytes, from /proc.
func rss(b *testing.B) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skip("no /proc: resident memory is measured on Linux only")
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if v, ok := strings.CutPrefix(s.Text(), "VmRSS:"); ok {
			var kb int64
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb << 10
		}
	}
	return 0
}

// watchRSS samples the resident memory every 20 ms until the function
// it returns is called, which returns the highest sample.
func watchRSS() func() int64 {
	var high atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			if v := rss(nil); v > high.Load() {
				high.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	})
	return func() int64 { close(stop); wg.Wait(); return high.Load() }
}
