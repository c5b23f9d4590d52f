package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"strings"

	"clinic"
	"clinic/internal/auth"
)

// A patient may add a password to their portal account, which works only
// with a code from an authenticator app: the password and the code are
// asked for together, and throttled like staff sign-in. The emailed link
// and passkeys stay the first ways in.

type portalPasswordPage struct {
	basePage
	Email   string
	Problem string
	Errors  clinic.FieldErrors
	Has     bool         // the account has a password already
	Secret  string       // the authenticator secret offered, for typing in by hand
	QR      template.URL // the same as a QR code
}

func (s *Server) renderPortalPassword(w http.ResponseWriter, r *http.Request, status int, name string, p portalPasswordPage) error {
	title := "Sign in with a password"
	if name == "portal-password" {
		title = "A password for your portal"
	}
	return s.renderPortal(w, r, status, name, title, func(b basePage) any { p.basePage = b; return p })
}

// portalPasswordSignIn asks for the email, the password and the code.
func (s *Server) portalPasswordSignIn(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortalPassword(w, r, http.StatusOK, "portal-password-sign-in", portalPasswordPage{})
}

// portalPasswordSignInSubmit signs in with the three together. Each
// attempt is counted against the address and the client before anything
// is checked; an unknown address costs the same as a wrong password, and
// every failure gets the same answer.
func (s *Server) portalPasswordSignInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	email := clinic.NormalizeEmail(r.PostForm.Get("email"))
	if len(email) > clinic.MaxEmailLen {
		email = "" // no account has it
	}
	p := portalPasswordPage{Email: email}
	attempt, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), s.throttleKeys(r, "portal-password:", email)...)
	if err != nil {
		return err
	} else if limited {
		p.Problem = "Too many failed attempts. Please wait 15 minutes and try again, or sign in with an emailed link."
		return s.renderPortalPassword(w, r, http.StatusTooManyRequests, "portal-password-sign-in", p)
	}
	a, ok, err := s.checkPortalFactors(r, email, r.PostForm.Get("password"), r.PostForm.Get("code"))
	if err != nil {
		return err
	}
	if !ok {
		record := "portal"
		if a != nil {
			record = idRecord("portal", a.ID)
		}
		s.writeAudit(r, &clinic.AuditEvent{Actor: "patient (portal)", Action: "portal.sign_in", Record: record, Address: s.clientAddr(r),
			Outcome: clinic.AuditRefused, Detail: "wrong email, password or code"})
		p.Problem = "The email address, password or code is not right. Please try again."
		return s.renderPortalPassword(w, r, http.StatusUnauthorized, "portal-password-sign-in", p)
	}
	if err := s.cfg.Staff.ForgetAttempt(r.Context(), attempt); err != nil {
		return err
	}
	if err := s.startPortalSession(w, r, a, "password and authenticator code"); err != nil {
		return err
	}
	http.Redirect(w, r, portalLanding(a), http.StatusSeeOther)
	return nil
}

// checkPortalFactors finds the open, verified account of the address and
// checks its password in one of the server's hashing slots (a dummy
// check for an address with none), then the code, whose time step is
// used once.
func (s *Server) checkPortalFactors(r *http.Request, email, password, code string) (*clinic.PortalAccount, bool, error) {
	a, err := s.cfg.Portal.PortalAccountByEmail(r.Context(), email)
	if err != nil && clinic.ErrorKind(err) != clinic.ENotFound {
		return nil, false, err
	}
	if ok := s.checkPortalPassword(r, a, password); !ok {
		return a, false, nil
	}
	secret, last, err := s.cfg.Portal.PortalTOTP(r.Context(), a.ID)
	if err != nil || secret == "" {
		return a, false, err
	}
	step, ok := auth.VerifyTOTP(secret, strings.TrimSpace(code), s.now(), last)
	if !ok {
		return a, false, nil
	}
	fresh, err := s.cfg.Portal.AcceptPortalTOTPStep(r.Context(), a.ID, step)
	return a, fresh, err
}

func (s *Server) checkPortalPassword(r *http.Request, a *clinic.PortalAccount, password string) bool {
	release := s.hashSlot()
	defer release()
	if a == nil || a.PasswordHash == "" || a.VerifiedAt.IsZero() {
		s.cfg.Passwords.DummyVerify(password)
		return false
	}
	ok, rehash, err := s.cfg.Passwords.Verify(a.PasswordHash, password)
	if err != nil {
		s.log.ErrorContext(r.Context(), "stored portal password hash unreadable", "account", a.ID, "err", err)
		return false
	}
	if ok && rehash {
		if h, err := s.cfg.Passwords.Hash(password); err == nil {
			if err := s.cfg.Portal.UpgradePortalPasswordHash(r.Context(), a.ID, a.PasswordHash, h); err != nil {
				s.log.ErrorContext(r.Context(), "upgrade portal password hash", "account", a.ID, "err", err)
			}
		}
	}
	return ok
}

// portalPassword offers a fresh authenticator secret as a QR code, kept
// sealed on the session, never in the form, until a code made from it
// proves the app has it.
func (s *Server) portalPassword(w http.ResponseWriter, r *http.Request) error {
	sess := portalSessionFrom(r.Context())
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	secret, _, err := auth.NewTOTP(site.ClinicName, sess.Account.Email)
	if err != nil {
		return err
	}
	if err := s.cfg.Portal.SetPortalPendingTOTP(r.Context(), sess.ID, secret); err != nil {
		return err
	}
	return s.portalPasswordForm(w, r, http.StatusOK, secret, nil)
}

func (s *Server) portalPasswordForm(w http.ResponseWriter, r *http.Request, status int, secret string, errs clinic.FieldErrors) error {
	a := portalSessionFrom(r.Context()).Account
	p := portalPasswordPage{Has: a.PasswordHash != "", Secret: secret, Errors: errs}
	if len(errs) > 0 {
		p.Problem = "Your password was not saved."
	}
	if secret != "" {
		site, err := s.content.Settings(r.Context())
		if err != nil {
			return err
		}
		png, err := auth.QRCodePNG(totpURL(site.ClinicName, a.Email, secret), 256)
		if err != nil {
			return err
		}
		p.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	}
	return s.renderPortalPassword(w, r, status, "portal-password", p)
}

// portalPasswordSubmit saves the password with the secret offered on
// this session once a code from it checks out. Replacing a password
// needs the current one, throttled like sign-in. Audited.
func (s *Server) portalPasswordSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, sess := r.Context(), portalSessionFrom(r.Context())
	a := sess.Account
	secret, err := s.cfg.Portal.PortalPendingTOTP(ctx, sess.ID)
	if err != nil {
		return err
	}
	if secret == "" {
		return s.portalPasswordForm(w, r, http.StatusUnprocessableEntity, "", clinic.FieldErrors{"code": "This page was open too long, or in another tab. Open it again for a new code to scan."})
	}
	errs, err := s.checkNewPortalPassword(r, a)
	if err != nil || len(errs) > 0 {
		if err == nil {
			err = s.portalPasswordForm(w, r, http.StatusUnprocessableEntity, secret, errs)
		}
		return err
	}
	step, ok := auth.VerifyTOTP(secret, r.PostForm.Get("code"), s.now(), 0)
	if !ok {
		return s.portalPasswordForm(w, r, http.StatusUnprocessableEntity, secret, clinic.FieldErrors{"code": "That code did not match. Check the time on your phone and enter the code now showing."})
	}
	release := s.hashSlot()
	hash, err := s.cfg.Passwords.Hash(r.PostForm.Get("password"))
	release()
	if err != nil {
		return err
	}
	if err := s.cfg.Portal.SetPortalPassword(ctx, a.ID, hash, secret, step); err != nil {
		return err
	}
	if err := s.portalAudit(r, a.ID, "portal.password", idRecord("portal", a.ID), "set with an authenticator"); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/account?done=password", http.StatusSeeOther)
	return nil
}

// checkNewPortalPassword checks the new password, its repetition and,
// when one is being replaced, the current one.
func (s *Server) checkNewPortalPassword(r *http.Request, a *clinic.PortalAccount) (clinic.FieldErrors, error) {
	next := r.PostForm.Get("password")
	if err := auth.CheckPassword(next); err != nil {
		return clinic.FieldErrors{"password": clinic.ErrorMessage(err)}, nil
	}
	if next != r.PostForm.Get("confirm") {
		return clinic.FieldErrors{"confirm": "The two passwords are not the same."}, nil
	}
	if a.PasswordHash == "" {
		return nil, nil
	}
	attempt, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), s.throttleKeys(r, "portal-password:", a.Email)...)
	if err != nil {
		return nil, err
	} else if limited {
		return nil, clinic.Errorf(clinic.ETooMany, "Too many wrong passwords. Please wait 15 minutes and try again.")
	}
	if !s.checkPortalPassword(r, a, r.PostForm.Get("current")) {
		return clinic.FieldErrors{"current": "That is not your current password."}, nil
	}
	return nil, s.cfg.Staff.ForgetAttempt(r.Context(), attempt)
}

// portalPasswordRemove takes the password and its authenticator off the
// account; the emailed link and passkeys still sign in. Audited.
func (s *Server) portalPasswordRemove(w http.ResponseWriter, r *http.Request) error {
	a := portalSessionFrom(r.Context()).Account
	if err := s.cfg.Portal.SetPortalPassword(r.Context(), a.ID, "", "", 0); err != nil {
		return err
	}
	if err := s.portalAudit(r, a.ID, "portal.password", idRecord("portal", a.ID), "removed"); err != nil {
		return err
	}
	http.Redirect(w, r, "/portal/account?done=password-removed", http.StatusSeeOther)
	return nil
}

// portalSignUp is the sign-in form under the heading of a new account:
// the address is verified by the link we send, and the records are found
// by the date of birth after it.
func (s *Server) portalSignUp(w http.ResponseWriter, r *http.Request) error {
	return s.renderPortal(w, r, http.StatusOK, "portal-sign-in", "Create your portal access", func(b basePage) any {
		return portalSignInPage{basePage: b, Invited: true}
	})
}
