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
	case strings.HasPrefix(r.URL.Path, "/mri-review/"):
		return mriBodyLimit(r)
	case strings.HasPrefix(r.URL.Path, "/admin/media"):
		return maxUploadBody
	case r.URL.Path == "/portal/forms/insurance":
		return maxCardForm
	case strings.HasPrefix(r.URL.Path, "/admin/"):
		return maxEditorBody
	}
	return maxBody
}

// csp allows scripts and styles from our own origin only (images also as
// blob: URLs, which the MRI viewer makes of the frames it fetched), video embeds
// from YouTube's privacy-enhanced host, and no framing of our pages.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: https://i.ytimg.com; " +
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
	security := fieldsOf(securityHeaders(strings.HasPrefix(s.cfg.BaseURL, "https://")))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		security.setOn(w.Header())
		if route, status, ok := s.replay(w, r); ok {
			s.logRequest(r, route, status, start)
			return
		}
		s.serveRouted(w, r, h, start)
	})
}

// serveRouted runs a request through the routes, with a body limit and
// recovery from a panic, and logs it.
func (s *Server) serveRouted(w http.ResponseWriter, r *http.Request, h http.Handler, start time.Time) {
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
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
		s.logRequest(r, r.Pattern, rw.status, start)
	}()
	h.ServeHTTP(rw, r)
}

// headerField is one header and its values, set as they are: the key is
// canonical and the values are never appended to.
type headerField struct {
	key    string
	values []string
}

// headerFields are headers made once, to be set on many answers.
type headerFields []headerField

func fieldsOf(h http.Header) headerFields {
	fs := make(headerFields, 0, len(h))
	for k, v := range h {
		fs = append(fs, headerField{http.CanonicalHeaderKey(k), v})
	}
	return fs
}

// setOn sets the fields on h: a slice walk, cheaper than a map's.
func (fs headerFields) setOn(h http.Header) {
	for _, f := range fs {
		h[f.key] = f.values
	}
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

// logRequest writes one line per request, and counts it in the metrics:
// never the raw path or query, which could carry what a patient typed,
// only the route pattern. It
// hands the record to the handler itself, which spares the caller's
// program counter that Logger.LogAttrs looks up for every line.
func (s *Server) logRequest(r *http.Request, route string, status int, start time.Time) {
	ctx, h := r.Context(), s.log.Handler()
	logged := h.Enabled(ctx, slog.LevelInfo)
	if !logged && s.cfg.Metrics == nil {
		return
	}
	if route == "" {
		route = "unmatched"
	}
	end := time.Now()
	s.countRequest(route, status, start, end)
	if !logged {
		return
	}
	rec := slog.NewRecord(end, slog.LevelInfo, "request", 0)
	rec.AddAttrs(
		slog.String("id", requestID()),
		slog.String("method", r.Method),
		slog.String("route", route),
		slog.Int("status", status),
		slog.Duration("duration", end.Sub(start)))
	_ = h.Handle(ctx, rec)
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

// requestID is the next request's id, made with one allocation.
func requestID() string {
	var b [32]byte
	id := append(b[:0], requestIDs.prefix...)
	id = append(id, '-')
	return string(strconv.AppendUint(id, requestIDs.n.Add(1), 36))
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
