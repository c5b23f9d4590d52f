package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/review"
)

// handlerFunc is the shape of every handler: it writes a response or
// returns an error, which handle turns into the right status and page.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc to http.Handler. A request that may change
// something runs to its end even when the client goes away: its context
// keeps the request's values but not the client's cancellation, so that a
// change is never left without its audit event (or half made).
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), writeTimeout)
			defer cancel()
			r = r.WithContext(ctx)
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// writeTimeout bounds a change that no client can cancel any more. It is
// generous: on SQLite every write waits its turn for the one writer, and
// a burst of hundreds of bookings on a small, busy server queues for
// minutes rather than fail.
const writeTimeout = 10 * time.Minute

// status maps an error kind to an HTTP status.
func status(err error) int {
	switch clinic.ErrorKind(err) {
	case clinic.EInvalid:
		return http.StatusBadRequest
	case clinic.ENotFound:
		return http.StatusNotFound
	case clinic.EConflict:
		return http.StatusConflict
	case clinic.EGone:
		return http.StatusGone
	case clinic.ETooMany:
		return http.StatusTooManyRequests
	case clinic.ETooLarge:
		return http.StatusRequestEntityTooLarge
	case clinic.EUnauthorized:
		return http.StatusUnauthorized
	case clinic.EForbidden:
		return http.StatusForbidden
	case clinic.EMethod:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// fail answers a request whose handler returned err. A GET for a missing
// page first looks for a redirect from that path.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code := status(err)
	if code == http.StatusNotFound && (r.Method == http.MethodGet || r.Method == http.MethodHead) {
		if to, ok := s.redirectFor(r.Context(), r.URL); ok {
			http.Redirect(w, r, to, http.StatusMovedPermanently)
			return
		}
	}
	if errors.Is(err, context.Canceled) {
		return // the client went away; nobody reads the answer
	}
	if errors.Is(err, context.DeadlineExceeded) {
		s.log.WarnContext(r.Context(), "request timed out", "route", r.Pattern)
		w.Header().Set("Retry-After", "60")
		s.renderError(w, r, http.StatusServiceUnavailable, "We are very busy right now and could not finish this in time. Please try again in a minute.")
		return
	}
	if errors.Is(err, blob.ErrNoSpace) {
		s.log.ErrorContext(r.Context(), review.StorageFullLog, "route", r.Pattern, "err", err)
		s.renderError(w, r, http.StatusInsufficientStorage, "We cannot take files right now. Please try again later.")
		return
	}
	if errors.Is(err, blob.ErrUnreachable) {
		s.log.ErrorContext(r.Context(), review.StoreUnreachableLog, "route", r.Pattern, "err", err)
		w.Header().Set("Retry-After", "60")
		s.renderError(w, r, http.StatusServiceUnavailable, "We cannot store files for a moment. Please try again in a minute.")
		return
	}
	if code == http.StatusInternalServerError && s.databaseDown(r.Context()) {
		// Not a fault of this request: the database is restarting or the
		// network to it is down. The patient may try again.
		s.log.ErrorContext(r.Context(), "database unreachable: answered 503", "route", r.Pattern, "err", err)
		w.Header().Set("Retry-After", "30")
		s.renderError(w, r, http.StatusServiceUnavailable, "We cannot reach our records for a moment. Please try again in a minute.")
		return
	}
	if code == http.StatusInternalServerError {
		s.log.ErrorContext(r.Context(), "request failed", "route", r.Pattern, "err", err)
	}
	s.renderError(w, r, code, clinic.ErrorMessage(err))
}

// databaseDown reports whether the database fails to answer now, asked
// after a request failed: then the failure is the database's, and the
// answer is 503 with a time to try again rather than 500.
func (s *Server) databaseDown(ctx context.Context) bool {
	if s.cfg.Ready == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 3*time.Second)
	defer cancel()
	return s.cfg.Ready(ctx) != nil
}

// redirectFor finds where an old path has moved: a row of the redirect
// table (tried with and without a trailing slash), or the same path
// without its trailing slash. Either way the answer is a Location that
// stays on this site unless an editor's row names another.
func (s *Server) redirectFor(ctx context.Context, u *url.URL) (string, bool) {
	path := u.Path
	for _, p := range []string{path, strings.TrimSuffix(path, "/"), path + "/"} {
		if rd, err := s.content.Redirect(ctx, p); err == nil {
			return redirectLocation(rd.To), true
		}
	}
	if trimmed := strings.TrimRight(u.EscapedPath(), "/"); trimmed != "" && strings.HasSuffix(path, "/") {
		return siteLocation(trimmed), true
	}
	return "", false
}

// legacyLinks answers the home page's query-string links of an old
// WordPress site (/?p=ID, /?page_id=ID) from the redirect table, where
// the import put them; anything else goes on to next.
func (s *Server) legacyLinks(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.RawQuery != "" {
			q := r.URL.Query()
			for _, k := range []string{"p", "page_id"} {
				id := q.Get(k)
				if id == "" || len(id) > 12 || strings.Trim(id, "0123456789") != "" {
					continue
				}
				if rd, err := s.content.Redirect(r.Context(), "/?"+k+"="+id); err == nil {
					http.Redirect(w, r, redirectLocation(rd.To), http.StatusMovedPermanently)
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// notFound answers every path no route claims.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) error {
	return clinic.Errorf(clinic.ENotFound, "There is no page at this address.")
}

// unrouted answers what no route of mux took: 405 with the methods the
// address does take, where it takes any, and otherwise 404.
func (s *Server) unrouted(mux *http.ServeMux) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
			other := r.Clone(r.Context())
			other.Method = m
			if _, pattern := mux.Handler(other); m != r.Method && pattern != "/" && pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			return s.notFound(w, r)
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		return clinic.Errorf(clinic.EMethod, "This address does not take that kind of request.")
	}
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte("ok\n"))
}

func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	if s.cfg.Ready != nil {
		if err := s.cfg.Ready(r.Context()); err != nil {
			s.log.WarnContext(r.Context(), "not ready", "err", err)
			http.Error(w, "database unavailable", http.StatusServiceUnavailable)
			return
		}
	}
	w.Write([]byte("ready\n"))
}
