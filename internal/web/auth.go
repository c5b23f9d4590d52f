package web

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"clinic"
	"clinic/internal/auth"
)

// sessionCookie is the name of the staff session cookie. The __Host-
// prefix makes browsers take it only when it is Secure, has Path=/ and no
// Domain, so a sibling subdomain cannot plant one.
const sessionCookie = "__Host-clinic_session"

type ctxKey int

const sessionKey ctxKey = iota

// sessionFrom returns the signed-in session of a request passed by staff.
func sessionFrom(ctx context.Context) *clinic.Session {
	s, _ := ctx.Value(sessionKey).(*clinic.Session)
	return s
}

// idle is the idle timeout of a role.
func (s *Server) idle(r clinic.Role) time.Duration {
	if r.SeesPHI() {
		return s.cfg.IdlePHI
	}
	return s.cfg.Idle
}

// session returns the live session of the request's cookie, or nil.
func (s *Server) session(r *http.Request) (*clinic.Session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 {
		return nil, nil
	}
	sess, err := s.cfg.Staff.SessionByToken(r.Context(), auth.HashToken(c.Value), s.now(), s.idle)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, nil
	}
	return sess, err
}

// staff guards a back-office route: it is the one place where sign-in,
// the second factor and the role's permission are checked. Anything it
// does not let through is refused; refusals of a signed-in user are
// audited.
func (s *Server) staff(perm clinic.Permission, h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		sess, err := s.session(r)
		if err != nil {
			return err
		}
		if sess == nil {
			return s.toSignIn(w, r)
		}
		u := sess.User
		switch {
		case u.TOTPEnabled && !sess.TwoFactor:
			http.Redirect(w, r, "/admin/sign-in/code", http.StatusSeeOther)
			return nil
		case !u.Role.Can(perm):
			s.audit(r, sess, "access", r.Pattern, clinic.AuditRefused, "role "+string(u.Role)+" lacks "+string(perm))
			return clinic.Errorf(clinic.EForbidden, "Your role does not give access to this page.")
		case perm.PHI() && !sess.TwoFactor:
			s.audit(r, sess, "access", r.Pattern, clinic.AuditRefused, "patient data needs two-factor sign-in")
			http.Redirect(w, r, "/admin/account/two-factor?need=1", http.StatusSeeOther)
			return nil
		}
		r = r.WithContext(context.WithValue(r.Context(), sessionKey, sess))
		if err := h(w, r); err != nil {
			s.fail(w, r, err) // with the session, so the answer stays in the back office
		}
		return nil
	})
}

// toSignIn sends a visitor who is not signed in to the sign-in page, and
// back here afterwards. Writes get 401: their form data cannot follow.
func (s *Server) toSignIn(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return clinic.Errorf(clinic.EUnauthorized, "Your session has ended. Please sign in again; what you sent was not saved.")
	}
	http.Redirect(w, r, "/admin/sign-in?next="+url.QueryEscape(r.URL.Path), http.StatusSeeOther)
	return nil
}

// safeNext is where to go after signing in: a back-office path of ours,
// never another site.
func safeNext(next string) string {
	if strings.HasPrefix(next, "/admin") && strings.IndexFunc(next, func(r rune) bool { return r == '\\' || r < ' ' || r == 0x7f }) < 0 {
		return siteLocation(next)
	}
	return "/admin"
}

// startSession signs u in: a new random token, stored only as its hash,
// in a cookie the page's scripts cannot read.
func (s *Server) startSession(w http.ResponseWriter, r *http.Request, u *clinic.User, twoFactor bool) (*clinic.Session, error) {
	if old, _ := s.session(r); old != nil {
		s.cfg.Staff.DeleteSession(r.Context(), old.ID) // a new token at every sign-in
	}
	token, hash := auth.NewToken()
	sess := &clinic.Session{TokenHash: hash, UserID: u.ID, TwoFactor: twoFactor, User: u}
	if err := s.cfg.Staff.CreateSession(r.Context(), sess); err != nil {
		return nil, err
	}
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode,
		MaxAge: int(clinic.SessionLifetime / time.Second),
	})
	return sess, nil
}

func clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
}

// audit appends an event for the request. A failure to audit is logged;
// the callers that must not go on without an audit row use auditOrFail.
func (s *Server) audit(r *http.Request, sess *clinic.Session, action, record, outcome, detail string) {
	if err := s.auditOrFail(r, sess, action, record, outcome, detail); err != nil {
		s.log.ErrorContext(r.Context(), "audit failed", "action", action, "err", err)
	}
}

// auditOrFail appends an event and returns the store's error: reads of
// patient data call it first, so that no PHI is shown unaudited. The
// client cannot cancel the write: an event is recorded whether or not
// anyone still reads the answer.
func (s *Server) auditOrFail(r *http.Request, sess *clinic.Session, action, record, outcome, detail string) error {
	return s.writeAudit(r, s.auditEvent(r, sess, action, record, outcome, detail))
}

func (s *Server) writeAudit(r *http.Request, e *clinic.AuditEvent) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(r.Context()), writeTimeout)
	defer cancel()
	return s.cfg.Audit.Audit(ctx, e)
}

// auditEvent is an event of the request, by the user of sess if any.
func (s *Server) auditEvent(r *http.Request, sess *clinic.Session, action, record, outcome, detail string) *clinic.AuditEvent {
	e := &clinic.AuditEvent{Actor: "anonymous", Action: action, Record: record,
		Address: s.clientAddr(r), Outcome: outcome, Detail: detail}
	if sess != nil && sess.User != nil {
		e.ActorID, e.Actor = sess.User.ID, sess.User.Email
	}
	return e
}

// auditing returns r's context carrying the audit event of a change the
// signed-in user is about to make, for the store to write in the change's
// own transaction; audited then records how it ended.
func (s *Server) auditing(r *http.Request, action, record, detail string) (context.Context, *clinic.AuditEvent) {
	e := s.auditEvent(r, sessionFrom(r.Context()), action, record, clinic.AuditOK, detail)
	return clinic.WithAudit(r.Context(), e), e
}

// audited records the end of a change begun with auditing and returns
// err: a refusal as an event of its own, and a success whose event no
// transaction wrote (the change needed none) now.
func (s *Server) audited(r *http.Request, e *clinic.AuditEvent, err error) error {
	switch {
	case err != nil:
		refused := *e
		refused.ID, refused.Outcome = 0, clinic.AuditRefused
		refused.Detail = strings.TrimPrefix(e.Detail+": ", ": ") + clinic.ErrorKind(err)
		e = &refused
	case e.ID != 0:
		return nil
	}
	if aerr := s.writeAudit(r, e); aerr != nil {
		s.log.ErrorContext(r.Context(), "audit failed", "action", e.Action, "err", aerr)
	}
	return err
}

// clientAddr is the address a request came from. X-Forwarded-For is
// believed only from a configured trusted proxy, and then the rightmost
// address in it that is not itself a trusted proxy is the client.
func (s *Server) clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if !s.trusted(host) {
		return host
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		hop := strings.TrimSpace(hops[i])
		if _, err := netip.ParseAddr(hop); err != nil {
			break // a forged or garbled entry: stop at the last proxy we trust
		}
		host = hop
		if !s.trusted(hop) {
			break
		}
	}
	return host
}

func (s *Server) trusted(host string) bool {
	a, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// throttleKeys are what an attempt counts against: the account, under a
// prefix that keeps kinds of attempt apart ("account:" for passwords,
// "code:" for second factors, "reset:" for reset requests, "link:" for
// emailed links), and the client address, with IPv6 addresses counted per
// /64 since one subscriber holds a whole /64. Wrong passwords and codes
// share one count per address; reset requests and links count apart, so
// that a flood of them cannot lock an office out of signing in.
func (s *Server) throttleKeys(r *http.Request, kind, email string) []clinic.ThrottleKey {
	addr := "addr:" + s.clientKey(r)
	if kind != "account:" && kind != "code:" {
		addr = kind + addr
	}
	return []clinic.ThrottleKey{
		{Key: kind + clinic.NormalizeEmail(email), Limit: clinic.ThrottlePerAccount},
		{Key: addr, Limit: clinic.ThrottlePerAddress},
	}
}

// clientKey is the client's address as limits count it: an IPv6 client
// by its /64, which one household or host usually holds whole.
func (s *Server) clientKey(r *http.Request) string {
	addr := s.clientAddr(r)
	if a, err := netip.ParseAddr(addr); err == nil && a.Is6() && !a.Is4In6() {
		addr = netip.PrefixFrom(a, 64).Masked().String()
	}
	return addr
}

func idRecord(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }
