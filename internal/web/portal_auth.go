package web

import (
	"context"
	"net/http"
	"net/mail"
	"strconv"
	"time"

	"clinic"
	"clinic/internal/auth"
)

// portalCookie is the patient portal's session cookie: apart from the
// staff's, with the same attributes.
const portalCookie = "__Host-clinic_portal"

const portalKey ctxKey = 100

// portalSessionFrom returns the session of a request passed by patient.
func portalSessionFrom(ctx context.Context) *clinic.PortalSession {
	s, _ := ctx.Value(portalKey).(*clinic.PortalSession)
	return s
}

// portalSession returns the live portal session of the request's cookie,
// or nil.
func (s *Server) portalSession(r *http.Request) (*clinic.PortalSession, error) {
	c, err := r.Cookie(portalCookie)
	if err != nil || c.Value == "" || len(c.Value) > 100 || s.cfg.Portal == nil {
		return nil, nil
	}
	sess, err := s.cfg.Portal.PortalSessionByToken(r.Context(), auth.HashToken(c.Value), s.now())
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, nil
	}
	return sess, err
}

// patient guards a portal route, the one place that checks a patient's
// session: without one, to the sign-in page; with an account that has no
// record yet (nor a patient it is a guardian of), to the date of birth
// check. A guardian with view-only access may change nothing: every
// request but a GET (and switching portals) is refused here.
func (s *Server) patient(h handlerFunc, pattern string) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Referrer-Policy", "no-referrer")
		sess, err := s.portalSession(r)
		if err != nil {
			return err
		}
		if sess == nil {
			if r.Method != http.MethodGet {
				return clinic.Errorf(clinic.EUnauthorized, "Your session has ended. Please sign in again; what you sent was not saved.")
			}
			http.Redirect(w, r, "/portal/sign-in", http.StatusSeeOther)
			return nil
		}
		who, err := s.portalWhoOf(r.Context(), sess)
		if err != nil {
			return err
		}
		if who == nil {
			http.Redirect(w, r, "/portal/verify", http.StatusSeeOther)
			return nil
		}
		if r.Method != http.MethodGet && !who.Full && pattern != portalSwitchPattern {
			return errViewOnly()
		}
		ctx := context.WithValue(context.WithValue(r.Context(), portalKey, sess), portalWhoKey, who)
		return h(w, r.WithContext(ctx))
	})
}

// portalAudit records what a patient did in the portal: the actor is
// their account, the record theirs; nothing they typed.
func (s *Server) portalAudit(r *http.Request, accountID int64, action, record, detail string) error {
	e := &clinic.AuditEvent{Actor: "patient (portal)", Action: action, Record: record, Address: s.clientAddr(r),
		Outcome: clinic.AuditOK, Detail: strconv.Quote(idRecord("portal", accountID)) + " " + detail}
	return s.writeAudit(r, e)
}

type portalSignInPage struct {
	basePage
	Email   string
	Sent    bool
	Problem string
	Token   string
	Invited bool // come from a "create your portal access" link
}

func (s *Server) renderPortal(w http.ResponseWriter, r *http.Request, status int, name, title string, fill func(b basePage) any) error {
	b, err := s.base(r.Context(), r, title, "The patient portal of the clinic.")
	if err != nil {
		return err
	}
	b.NoIndex, b.Canonical, b.JSONLD = true, "", nil
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, status, name, fill(b))
}

func (s *Server) portalSignIn(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.portalSession(r)
	if err != nil {
		return err
	}
	if sess != nil { // signed in already: to the portal itself
		http.Redirect(w, r, "/portal/home", http.StatusSeeOther)
		return nil
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-sign-in", "Sign in to your portal", func(b basePage) any {
		return portalSignInPage{basePage: b}
	})
}

// portalSignInSubmit emails a one-time sign-in link. The answer is the
// same whether or not the address is known, and requests are throttled
// per address and per client, under keys of their own.
func (s *Server) portalSignInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := clinic.NormalizeEmail(r.PostForm.Get("email"))
	p := portalSignInPage{Email: email}
	if a, err := mail.ParseAddress(email); err != nil || a.Address != email || len(email) > clinic.MaxEmailLen {
		p.Problem = "Please enter your email address, like name@example.com."
		return s.renderPortal(w, r, http.StatusUnprocessableEntity, "portal-sign-in", "Sign in to your portal", func(b basePage) any { p.basePage = b; return p })
	}
	_, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), s.throttleKeys(r, "portal:", email)...)
	if err != nil {
		return err
	}
	status := http.StatusOK
	if limited {
		p.Problem, status = "Several links were asked for in the last few minutes. Please use the last one we sent, or try again in 15 minutes.", http.StatusTooManyRequests
	} else {
		a, err := s.cfg.Portal.PortalAccountFor(r.Context(), email)
		if err != nil {
			return err
		}
		if err := s.cfg.Portal.QueuePortalLink(r.Context(), a.ID); err != nil {
			return err
		}
		if err := s.portalAudit(r, a.ID, "portal.link_requested", idRecord("portal", a.ID), ""); err != nil {
			return err
		}
		p.Sent = true
	}
	return s.renderPortal(w, r, status, "portal-sign-in", "Sign in to your portal", func(b basePage) any { p.basePage = b; return p })
}

// portalLink asks the patient to press a button: a mail scanner that
// opens links does not use up the link.
func (s *Server) portalLink(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !plausibleToken(token) {
		return clinic.Errorf(clinic.ENotFound, "This sign-in link is not one of ours. Please ask for a new one.")
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-link", "Sign in to your portal", func(b basePage) any {
		return portalSignInPage{basePage: b, Token: token}
	})
}

func plausibleToken(t string) bool {
	if len(t) < 20 || len(t) > 100 {
		return false
	}
	for _, c := range t {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// portalLinkSubmit uses the link once and starts a session with a new
// token; a link unknown, used or expired is refused.
func (s *Server) portalLinkSubmit(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	if !plausibleToken(token) {
		return clinic.Errorf(clinic.ENotFound, "This sign-in link is not one of ours. Please ask for a new one.")
	}
	a, err := s.cfg.Portal.UsePortalLink(r.Context(), auth.HashToken(token), s.now())
	if err != nil {
		return err
	}
	if err := s.startPortalSession(w, r, a, "email link"); err != nil {
		return err
	}
	http.Redirect(w, r, portalLanding(a), http.StatusSeeOther)
	return nil
}

// startPortalSession signs an account in, ending the browser's former
// session, with a new token in the portal's cookie. Audited, with how.
func (s *Server) startPortalSession(w http.ResponseWriter, r *http.Request, a *clinic.PortalAccount, how string) error {
	if old, _ := s.portalSession(r); old != nil {
		s.cfg.Portal.DeletePortalSession(r.Context(), old.ID)
	}
	plain, hash := auth.NewToken()
	sess := &clinic.PortalSession{TokenHash: hash, AccountID: a.ID, Account: a}
	if err := s.cfg.Portal.CreatePortalSession(r.Context(), sess); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: portalCookie, Value: plain, Path: "/", Secure: true, HttpOnly: true,
		SameSite: http.SameSiteLaxMode, MaxAge: int(clinic.SessionLifetime / time.Second)})
	return s.portalAudit(r, a.ID, "portal.sign_in", idRecord("portal", a.ID), how)
}

// portalLanding is where a signed-in account goes first: its home, or
// the date of birth check while it has no record (which also leads a
// guardian with no record of their own to the portals they may see).
func portalLanding(a *clinic.PortalAccount) string {
	if a.PatientID == 0 {
		return "/portal/verify"
	}
	return "/portal/home"
}

// portalSignOut ends the session.
func (s *Server) portalSignOut(w http.ResponseWriter, r *http.Request) error {
	if sess, err := s.portalSession(r); err != nil {
		return err
	} else if sess != nil {
		if err := s.cfg.Portal.DeletePortalSession(r.Context(), sess.ID); err != nil {
			return err
		}
	}
	http.SetCookie(w, &http.Cookie{Name: portalCookie, Value: "", Path: "/", Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/portal/sign-in", http.StatusSeeOther)
	return nil
}
