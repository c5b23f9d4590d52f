package web

import (
	"net/http"
	"net/url"
	"strings"

	"clinic"
	"clinic/internal/auth"
)

type signInPage struct {
	adminPage
	Email string
	Next  string
}

func (s *Server) signInForm(w http.ResponseWriter, r *http.Request, status int, p signInPage) error {
	base, err := s.adminBase(r, "Sign in")
	if err != nil {
		return err
	}
	base.User, base.Problem, base.Errors = nil, p.Problem, p.Errors
	p.adminPage = base
	return s.renderAdmin(w, status, "admin-signin", p)
}

func (s *Server) signIn(w http.ResponseWriter, r *http.Request) error {
	if sess, err := s.session(r); err == nil && sess != nil {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	return s.signInForm(w, r, http.StatusOK, signInPage{Next: safeNext(r.URL.Query().Get("next"))})
}

// signInSubmit checks an email and password. Unknown emails cost the same
// time as wrong passwords, and both get the same answer. Each attempt is
// counted against the account and the client address, in the database,
// before the password is checked; a success uncounts it.
func (s *Server) signInSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	email, password := clinic.NormalizeEmail(r.PostForm.Get("email")), r.PostForm.Get("password")
	p := signInPage{Next: safeNext(r.PostForm.Get("next"))}
	if len(email) > clinic.MaxEmailLen {
		email = "" // no account has it; nothing of it is stored
	}
	p.Email = email
	attempt, limited, err := s.cfg.Staff.TakeAttempt(ctx, s.now(), s.throttleKeys(r, "account:", email)...)
	if err != nil {
		return err
	} else if limited {
		p.Problem = "Too many failed attempts. Please wait 15 minutes and try again, or reset your password."
		return s.signInForm(w, r, http.StatusTooManyRequests, p)
	}
	u, ok, err := s.checkPassword(r, email, password)
	if err != nil {
		return err
	}
	if !ok {
		var sess *clinic.Session
		if u != nil {
			sess = &clinic.Session{User: u}
		}
		s.audit(r, sess, "sign_in", "account:"+email, clinic.AuditRefused, "wrong email or password")
		p.Problem = "The email address or password is not right. Please try again."
		return s.signInForm(w, r, http.StatusUnauthorized, p)
	}
	if err := s.cfg.Staff.ForgetAttempt(ctx, attempt); err != nil {
		return err
	}
	sess, err := s.startSession(w, r, u, false)
	if err != nil {
		return err
	}
	if u.TOTPEnabled {
		s.audit(r, sess, "sign_in.password", idRecord("user", u.ID), clinic.AuditOK, "second step next")
		http.Redirect(w, r, "/admin/sign-in/code?next="+url.QueryEscape(p.Next), http.StatusSeeOther)
		return nil
	}
	s.audit(r, sess, "sign_in", idRecord("user", u.ID), clinic.AuditOK, "password only")
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}

// checkPassword finds the enabled user with the email and checks the
// password, in one of the server's few hashing slots. An unknown email
// runs a dummy check that costs the same. A hash below policy is
// upgraded.
func (s *Server) checkPassword(r *http.Request, email, password string) (*clinic.User, bool, error) {
	u, err := s.cfg.Staff.UserByEmail(r.Context(), email)
	if err != nil && clinic.ErrorKind(err) != clinic.ENotFound {
		return nil, false, err
	}
	release := s.hashSlot()
	defer release()
	if u == nil || u.Disabled || u.PasswordHash == "" {
		s.cfg.Passwords.DummyVerify(password)
		return u, false, nil
	}
	ok, rehash, err := s.cfg.Passwords.Verify(u.PasswordHash, password)
	if err != nil {
		s.log.ErrorContext(r.Context(), "stored password hash unreadable", "user", u.ID, "err", err)
		return u, false, nil
	}
	if ok && rehash {
		s.upgradeHash(r, u, password)
	}
	return u, ok, nil
}

// upgradeHash re-hashes a password whose stored hash is below policy.
func (s *Server) upgradeHash(r *http.Request, u *clinic.User, password string) {
	h, err := s.cfg.Passwords.Hash(password)
	if err != nil {
		return
	}
	if err := s.cfg.Staff.UpgradePasswordHash(r.Context(), u.ID, u.PasswordHash, h); err != nil {
		s.log.ErrorContext(r.Context(), "upgrade password hash", "user", u.ID, "err", err)
		return
	}
	u.PasswordHash = h
}

// signInCode is the second step for users with two-step sign-in.
func (s *Server) signInCode(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.session(r)
	if err != nil {
		return err
	}
	if sess == nil {
		return s.toSignIn(w, r)
	}
	return s.codeForm(w, r, http.StatusOK, sess, "")
}

func (s *Server) codeForm(w http.ResponseWriter, r *http.Request, status int, sess *clinic.Session, problem string) error {
	p, err := s.adminBase(r, "Enter your code")
	if err != nil {
		return err
	}
	p.Problem = problem
	return s.renderAdmin(w, status, "admin-code", signInPage{adminPage: p, Next: safeNext(r.FormValue("next"))})
}

// signInCodeSubmit accepts a TOTP code once, or an unused recovery code.
func (s *Server) signInCodeSubmit(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.session(r)
	if err != nil {
		return err
	}
	if sess == nil {
		return s.toSignIn(w, r)
	}
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, u := r.Context(), sess.User
	if !u.TOTPEnabled {
		// Nothing to check a code against: two-step sign-in is not set up.
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	attempt, limited, err := s.cfg.Staff.TakeAttempt(ctx, s.now(), s.throttleKeys(r, "code:", u.Email)...)
	if err != nil {
		return err
	} else if limited {
		return s.codeForm(w, r, http.StatusTooManyRequests, sess, "Too many wrong codes. Please wait 15 minutes and try again.")
	}
	ok, how, err := s.checkSecondFactor(r, u, r.PostForm.Get("code"))
	if err != nil {
		return err
	}
	if !ok {
		s.audit(r, sess, "sign_in.code", idRecord("user", u.ID), clinic.AuditRefused, "wrong or reused code")
		return s.codeForm(w, r, http.StatusUnauthorized, sess, "That code is not right, or was used already. Enter the current code from your app.")
	}
	if err := s.cfg.Staff.ForgetAttempt(ctx, attempt); err != nil {
		return err
	}
	// The second factor gets a fresh token too.
	if sess, err = s.startSession(w, r, u, true); err != nil {
		return err
	}
	s.audit(r, sess, "sign_in", idRecord("user", u.ID), clinic.AuditOK, how)
	http.Redirect(w, r, safeNext(r.PostForm.Get("next")), http.StatusSeeOther)
	return nil
}

// checkSecondFactor accepts a TOTP code of a time step newer than the
// last one used, or an unused recovery code.
func (s *Server) checkSecondFactor(r *http.Request, u *clinic.User, code string) (bool, string, error) {
	code = strings.TrimSpace(code)
	if step, ok := auth.VerifyTOTP(u.TOTPSecret, code, s.now(), u.TOTPLastStep); ok {
		fresh, err := s.cfg.Staff.AcceptTOTPStep(r.Context(), u.ID, step)
		return fresh, "authenticator code", err
	}
	if len(code) >= 12 {
		used, err := s.cfg.Staff.UseRecoveryCode(r.Context(), u.ID, auth.HashRecoveryCode(code))
		return used, "recovery code", err
	}
	return false, "", nil
}

// signOut ends the session, in the database and in the browser.
func (s *Server) signOut(w http.ResponseWriter, r *http.Request) error {
	sess, err := s.session(r)
	if err != nil {
		return err
	}
	if sess != nil {
		if err := s.cfg.Staff.DeleteSession(r.Context(), sess.ID); err != nil {
			return err
		}
		s.audit(r, sess, "sign_out", idRecord("user", sess.UserID), clinic.AuditOK, "")
	}
	clearSessionCookie(w)
	http.Redirect(w, r, "/admin/sign-in", http.StatusSeeOther)
	return nil
}

// hashSlot waits for one of a few slots for an argon2id computation (64
// MiB and a tenth of a second of a core each), so that a burst of sign-ins
// queues instead of exhausting memory. It returns the release function.
func (s *Server) hashSlot() func() {
	s.hashSlots <- struct{}{}
	return func() { <-s.hashSlots }
}
