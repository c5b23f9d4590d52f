//go:build unix

package web_test

import (
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkCachedPostPageOverHTTP is a cached post page served by
// net/http's own server on a keep-alive connection in memory: what a
// request costs the server's process short of the kernel's work, with the
// server's GC setting (GOGC=400, as cmd/clinic sets it). Beside the
// clinic, "bare" is a net/http handler with nothing on top serving the
// same bytes, as bench/netstatic does, and "bare+headers" the same handler
// sending the clinic's headers too: the steps between them are what the
// headers cost in net/http and what the clinic's own code costs (the log
// line, the cache lookup, choosing the encoding). wrk in bench/run
// measures the same with the kernel's share. cpu-ns/op is the process's
// CPU time per request, which other work on a shared machine disturbs
// less than ns/op, the time on the wall clock.
func BenchmarkCachedPostPageOverHTTP(b *testing.B) {
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	s := newSiteLogging(b, slog.New(slog.NewTextHandler(io.Discard, nil)))
	const path = "/blog/can-a-torn-disc-heal"
	plain := s.get(b, path)
	zreq := httptest.NewRequest("GET", path, nil)
	zreq.Header.Set("Accept-Encoding", "gzip")
	gz := s.do(b, zreq).body
	servers := []struct {
		name string
		h    http.Handler
	}{
		{"bare", bareHandler([]byte(plain.body), []byte(gz), nil)},
		{"bare+headers", bareHandler([]byte(plain.body), []byte(gz), plain.Header)},
		{"clinic", s.srv},
	}
	for _, enc := range []struct{ name, header, body string }{{"identity", "", plain.body}, {"gzip", "Accept-Encoding: gzip\r\n", gz}} {
		req := []byte("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:18080\r\n" + enc.header + "\r\n")
		for _, srv := range servers {
			b.Run(srv.name+"/"+enc.name, func(b *testing.B) {
				b.ReportAllocs()
				cpu := cpuTime(b)
				written := serveOverConn(b, srv.h, req, b.N)
				b.ReportMetric(float64(cpuTime(b)-cpu)/float64(b.N), "cpu-ns/op")
				if written < int64(b.N)*int64(len(enc.body)) {
					b.Fatalf("%d bytes written for %d answers of %d bytes", written, b.N, len(enc.body))
				}
			})
		}
	}
}

// bareHandler serves one page, gzipped to clients that name gzip, with
// nothing on top, as bench/netstatic does; with the headers of extra too
// but those that describe the body.
func bareHandler(plain, gz []byte, extra http.Header) http.Handler {
	var fields []http.Header
	for k, v := range extra {
		switch k {
		case "Content-Type", "Content-Length", "Content-Encoding", "Date":
		default:
			fields = append(fields, http.Header{k: v})
		}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, h := plain, w.Header()
		for _, f := range fields {
			for k, v := range f {
				h[k] = v
			}
		}
		h["Content-Type"] = []string{"text/html; charset=utf-8"}
		if strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			body = gz
			h["Content-Encoding"] = []string{"gzip"}
		}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.Write(body)
	})
}

// cpuTime is the CPU time the process has used, in nanoseconds.
func cpuTime(tb testing.TB) int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		tb.Fatal(err)
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// serveOverConn serves n copies of the raw request req with handler h
// through net/http's own server, on one keep-alive connection that reads
// from memory and throws away what is written: the whole server's work
// per request (parsing, the handler, writing headers and body) without
// the kernel's. It returns the bytes written.
func serveOverConn(tb testing.TB, h http.Handler, req []byte, n int) int64 {
	tb.Helper()
	c := &memConn{req: req, left: n, closed: make(chan struct{})}
	l := &oneConnListener{conn: c, done: make(chan struct{})}
	srv := &http.Server{Handler: h, ErrorLog: nil}
	go srv.Serve(l)
	<-c.closed
	l.Close()
	return c.written
}

// memConn reads the same request left times, then reports the end of the
// stream, and counts what is written to it.
type memConn struct {
	req     []byte
	left    int
	rest    []byte
	written int64
	once    sync.Once
	closed  chan struct{}
}

func (c *memConn) Read(p []byte) (int, error) {
	if len(c.rest) == 0 {
		if c.left == 0 {
			return 0, io.EOF
		}
		c.left--
		c.rest = c.req
	}
	n := copy(p, c.rest)
	c.rest = c.rest[n:]
	return n, nil
}

func (c *memConn) Write(p []byte) (int, error) {
	c.written += int64(len(p))
	return len(p), nil
}

func (c *memConn) Close() error {
	c.once.Do(func() { close(c.closed) })
	return nil
}

func (c *memConn) LocalAddr() net.Addr                { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 80} }
func (c *memConn) RemoteAddr() net.Addr               { return &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 40000} }
func (c *memConn) SetDeadline(t time.Time) error      { return nil }
func (c *memConn) SetReadDeadline(t time.Time) error  { return nil }
func (c *memConn) SetWriteDeadline(t time.Time) error { return nil }

// oneConnListener hands out one connection, then waits to be closed.
type oneConnListener struct {
	conn   net.Conn
	given  bool
	once   sync.Once
	done   chan struct{}
	accept sync.Mutex
}

func (l *oneConnListener) Accept() (net.Conn, error) {
	l.accept.Lock()
	defer l.accept.Unlock()
	if !l.given {
		l.given = true
		return l.conn, nil
	}
	<-l.done
	return nil, errors.New("listener closed")
}

func (l *oneConnListener) Close() error {
	l.once.Do(func() { close(l.done) })
	return nil
}

func (l *oneConnListener) Addr() net.Addr { return l.conn.LocalAddr() }
