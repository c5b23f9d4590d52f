package web

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Request body limits: every form gets maxBody, the back office's
// editors maxEditorBody and media uploads maxUploadBody.
const (
	maxBody       = 64 << 10
	maxEditorBody = 1 << 20
	maxUploadBody = 20 << 20
)

// bodyLimit is the most a request to r's path may send.
func bodyLimit(r *http.Request) int64 {
	switch {
	case strings.HasPrefix(r.URL.Path, "/admin/media"):
		return maxUploadBody
	case strings.HasPrefix(r.URL.Path, "/admin/"):
		return maxEditorBody
	}
	return maxBody
}

// csp allows scripts and styles from our own origin only, video embeds
// from YouTube's privacy-enhanced host, and no framing of our pages.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https://i.ytimg.com; " +
	"frame-src https://www.youtube-nocookie.com; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"

// middleware wraps the routes in what every request gets: recovery,
// logging, security headers, a body limit and refusal of cross-origin
// writes.
func (s *Server) middleware(h http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden, "This form was sent from another site, so we did not accept it. Please use the form on our own site.")
	}))
	h = cop.Handler(h)
	security := securityHeaders(strings.HasPrefix(s.cfg.BaseURL, "https://"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		hdr := w.Header()
		for k, v := range security {
			hdr[k] = v // keys are canonical and values never appended to
		}
		if r.ContentLength != 0 {
			r.Body = http.MaxBytesReader(rw, r.Body, bodyLimit(r))
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.ErrorContext(r.Context(), "panic", "route", r.Pattern, "panic", v)
				if !rw.wrote {
					s.renderError(rw, r, http.StatusInternalServerError, "Something went wrong on our side. Please try again, or call us.")
				}
			}
			s.logRequest(r, rw.status, time.Since(start))
		}()
		h.ServeHTTP(rw, r)
	})
}

// securityHeaders are sent with every answer. A site whose address is
// https also tells browsers to use nothing else for a year; not its
// subdomains, which may be the clinic's other services.
func securityHeaders(https bool) http.Header {
	h := http.Header{
		"Content-Security-Policy": {csp},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"X-Frame-Options":         {"DENY"},
		"Permissions-Policy":      {"camera=(), microphone=(), geolocation=(), interest-cohort=()"},
	}
	if https {
		h["Strict-Transport-Security"] = []string{"max-age=31536000"}
	}
	return h
}

// logRequest writes one line per request: never the raw path or query,
// which could carry what a patient typed, only the route pattern.
func (s *Server) logRequest(r *http.Request, status int, d time.Duration) {
	if !s.log.Enabled(r.Context(), slog.LevelInfo) {
		return
	}
	route := r.Pattern
	if route == "" {
		route = "unmatched"
	}
	s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
		slog.String("id", requestID()),
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Duration("duration", d))
}

// requestIDs number requests: a random prefix per process, so that ids
// of several instances do not collide, and a counter, which costs no
// system call per request.
var requestIDs = struct {
	prefix string
	n      atomic.Uint64
}{prefix: randomPrefix()}

func randomPrefix() string {
	var b [4]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func requestID() string {
	return requestIDs.prefix + "-" + strconv.FormatUint(requestIDs.n.Add(1), 36)
}

// statusWriter remembers the status a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	status int
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
