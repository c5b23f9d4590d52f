package web

import (
	"context"
	"net/http"
	"strings"
	"time"

	"clinic"
	"clinic/internal/auth"
)

// setPasswordPage sets a password from a one-time link: the first admin's
// setup link, a new user's invitation or a reset link.
type setPasswordPage struct {
	adminPage
	Setup bool // the setup link: the form also asks for name and email
	Token string
	Name  string
	Email string
}

// setupPurpose is which kind of token a link's path carries.
func linkPurpose(r *http.Request) string {
	if strings.HasPrefix(r.URL.Path, "/admin/setup/") {
		return clinic.TokenSetup
	}
	return clinic.TokenReset
}

// passwordLink shows the form of a setup or reset link that is still good.
func (s *Server) passwordLink(w http.ResponseWriter, r *http.Request) error {
	purpose, token := linkPurpose(r), r.PathValue("token")
	ok, err := s.cfg.Staff.TokenValid(r.Context(), purpose, auth.HashToken(token), s.now())
	if err != nil {
		return err
	}
	if !ok {
		return clinic.Errorf(clinic.ENotFound, "This link has expired or has been used already. Ask an admin for a new one.")
	}
	return s.passwordForm(w, r, http.StatusOK, setPasswordPage{Setup: purpose == clinic.TokenSetup, Token: token})
}

func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request, status int, p setPasswordPage) error {
	title := "Choose your password"
	if p.Setup {
		title = "Set up the first admin account"
	}
	base, err := s.adminBase(r, title)
	if err != nil {
		return err
	}
	base.User, base.Problem, base.Errors = nil, p.Problem, p.Errors
	p.adminPage = base
	return s.renderAdmin(w, status, "admin-password-link", p)
}

// passwordLinkSubmit uses the link once: it sets the password (creating
// the admin for a setup link) and signs the person in.
func (s *Server) passwordLinkSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, purpose, token := r.Context(), linkPurpose(r), r.PathValue("token")
	p := setPasswordPage{Setup: purpose == clinic.TokenSetup, Token: token,
		Name: strings.TrimSpace(r.PostForm.Get("name")), Email: clinic.NormalizeEmail(r.PostForm.Get("email"))}
	password := r.PostForm.Get("password")
	p.Errors = clinic.FieldErrors{}
	if err := auth.CheckPassword(password); err != nil {
		p.Errors["password"] = clinic.ErrorMessage(err)
	} else if password != r.PostForm.Get("confirm") {
		p.Errors["confirm"] = "The two passwords are not the same."
	}
	var u *clinic.User
	if p.Setup {
		u = &clinic.User{Name: p.Name, Email: p.Email, Role: clinic.RoleAdmin}
		for k, v := range u.Validate() {
			p.Errors[k] = v
		}
	}
	if len(p.Errors) > 0 {
		p.Problem = "Please correct the fields marked below."
		return s.passwordForm(w, r, http.StatusUnprocessableEntity, p)
	}
	// The link is checked before any hashing, and every try counts
	// against the client address, so that made-up links cost nothing.
	tokenHash := auth.HashToken(token)
	attempt, limited, err := s.cfg.Staff.TakeAttempt(ctx, s.now(), s.throttleKeys(r, "link:", "")[1])
	if err != nil {
		return err
	} else if limited {
		return clinic.Errorf(clinic.ETooMany, "Too many tries from your connection. Please wait 15 minutes.")
	}
	if ok, err := s.cfg.Staff.TokenValid(ctx, purpose, tokenHash, s.now()); err != nil {
		return err
	} else if !ok {
		return clinic.Errorf(clinic.ENotFound, "This link has expired or has been used already. Ask an admin for a new one.")
	}
	release := s.hashSlot()
	hash, err := s.cfg.Passwords.Hash(password)
	release()
	if err != nil {
		return err
	}
	if u, err = s.usePasswordLink(r, purpose, tokenHash, u, hash); err != nil {
		return err
	}
	if err := s.cfg.Staff.ForgetAttempt(ctx, attempt); err != nil {
		return err
	}
	sess, err := s.startSession(w, r, u, false)
	if err != nil {
		return err
	}
	s.audit(r, sess, "user.password_link", idRecord("user", u.ID), clinic.AuditOK, purpose)
	next := "/admin/account/two-factor"
	if u.TOTPEnabled {
		next = "/admin/sign-in/code"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// usePasswordLink spends the link and sets the password: it creates the
// first admin for a setup link, in the same transaction, or sets the
// password of the link's user, who must still be enabled.
func (s *Server) usePasswordLink(r *http.Request, purpose, tokenHash string, setup *clinic.User, hash string) (*clinic.User, error) {
	ctx := r.Context()
	if setup != nil {
		setup.PasswordHash = hash
		return setup, s.cfg.Staff.CreateUserWithToken(ctx, purpose, tokenHash, setup, s.now())
	}
	userID, err := s.cfg.Staff.UseToken(ctx, purpose, tokenHash, s.now())
	if err != nil {
		return nil, err
	}
	u, err := s.cfg.Staff.User(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, clinic.Errorf(clinic.EForbidden, "This account is disabled. Ask an admin.")
	}
	if err := s.cfg.Staff.SetPasswordHash(ctx, u.ID, hash); err != nil { // ends the user's other sessions
		return nil, err
	}
	u.PasswordHash = hash
	return u, nil
}

type resetPage struct {
	adminPage
	Sent  bool
	Email string
}

func (s *Server) resetRequest(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Reset your password")
	if err != nil {
		return err
	}
	p.User = nil
	return s.renderAdmin(w, http.StatusOK, "admin-reset", resetPage{adminPage: p})
}

// resetRequestSubmit emails a reset link when the account exists. The
// answer is the same either way, so the form does not tell who has an
// account; requests are throttled like sign-ins.
func (s *Server) resetRequestSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, email := r.Context(), clinic.NormalizeEmail(r.PostForm.Get("email"))
	if len(email) > clinic.MaxEmailLen {
		email = ""
	}
	_, limited, err := s.cfg.Staff.TakeAttempt(ctx, s.now(), s.throttleKeys(r, "reset:", email)...)
	if err != nil {
		return err
	}
	if !limited {
		// The link is made and queued after the answer, so that the time
		// of the answer does not tell whether the account exists.
		go s.resetLinkFor(email, s.clientAddr(r))
	}
	p, err := s.adminBase(r, "Reset your password")
	if err != nil {
		return err
	}
	p.User = nil
	return s.renderAdmin(w, http.StatusOK, "admin-reset", resetPage{adminPage: p, Sent: true, Email: email})
}

// resetLinkFor sends a reset link to the enabled account with the email,
// if there is one, outside the request that asked for it.
func (s *Server) resetLinkFor(email, addr string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	u, err := s.cfg.Staff.UserByEmail(ctx, email)
	if err != nil || u.Disabled {
		return
	}
	if _, err := s.mailPasswordLink(ctx, u, "reset"); err != nil {
		s.log.Error("send a password reset link", "user", u.ID, "err", err)
		return
	}
	e := &clinic.AuditEvent{Actor: "anonymous", Action: "user.password_link_sent", Record: idRecord("user", u.ID), Address: addr, Detail: "reset"}
	if err := s.cfg.Audit.Audit(ctx, e); err != nil {
		s.log.Error("audit failed", "action", e.Action, "err", err)
	}
}

// sendPasswordLink mails u a one-time link to set their password, for a
// request of a signed-in admin, and audits it.
func (s *Server) sendPasswordLink(r *http.Request, u *clinic.User, why string) (string, error) {
	link, err := s.mailPasswordLink(r.Context(), u, why)
	if err != nil {
		return "", err
	}
	s.audit(r, sessionFrom(r.Context()), "user.password_link_sent", idRecord("user", u.ID), clinic.AuditOK, why)
	return link, nil
}

// mailPasswordLink makes a one-time link to set u's password (a new link
// revokes older ones) and queues an email with it: a reset ("reset") or
// the invitation of a new user ("invite"). It returns the link.
func (s *Server) mailPasswordLink(ctx context.Context, u *clinic.User, why string) (string, error) {
	token, hash := auth.NewToken()
	if err := s.cfg.Staff.CreateToken(ctx, clinic.TokenReset, hash, u.ID, s.now().Add(clinic.ResetTokenLifetime)); err != nil {
		return "", err
	}
	link := s.cfg.BaseURL + "/admin/reset/" + token
	subject, body := "Reset your password", "Someone asked to reset the password of your account at the back office. If it was you, open this link within 30 minutes to choose a new password:\n\n"+link+"\n\nIf it was not you, ignore this email: your password stays as it is.\n"
	if why == "invite" {
		subject, body = "Your back-office account", "An account was made for you at the back office. Open this link within 30 minutes to choose your password:\n\n"+link+"\n"
	}
	err := s.cfg.Mailer.QueueMail(ctx, &clinic.OutboxMessage{Kind: "staff_password_" + why, To: u.Email, Subject: subject, Body: body, Secret: true})
	return link, err
}

type accountPage struct {
	adminPage
	CodesLeft int
}

func (s *Server) account(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Your account")
	if err != nil {
		return err
	}
	left, err := s.cfg.Staff.RecoveryCodesLeft(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-account", accountPage{adminPage: p, CodesLeft: left})
}

// changePassword needs the current password; it ends every session of
// the user and starts a new one here.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sess := sessionFrom(r.Context())
	u := sess.User
	problem := func(field, msg string) error {
		p, err := s.adminBase(r, "Your account")
		if err != nil {
			return err
		}
		p.Problem, p.Errors = "Your password was not changed.", clinic.FieldErrors{field: msg}
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin-account", accountPage{adminPage: p})
	}
	next := r.PostForm.Get("password")
	if err := auth.CheckPassword(next); err != nil {
		return problem("password", clinic.ErrorMessage(err))
	}
	if next != r.PostForm.Get("confirm") {
		return problem("confirm", "The two passwords are not the same.")
	}
	if ok, err := s.currentPasswordOK(r, sess, r.PostForm.Get("current")); err != nil {
		return err
	} else if !ok {
		return problem("current", "That is not your current password.")
	}
	release := s.hashSlot()
	hash, err := s.cfg.Passwords.Hash(next)
	release()
	if err != nil {
		return err
	}
	if err := s.cfg.Staff.SetPasswordHash(r.Context(), u.ID, hash); err != nil {
		return err
	}
	u.PasswordHash = hash
	if _, err := s.startSession(w, r, u, sess.TwoFactor); err != nil {
		return err
	}
	s.audit(r, sess, "user.password", idRecord("user", u.ID), clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/account", "password"), http.StatusSeeOther)
	return nil
}

// currentPasswordOK checks the signed-in user's current password, as a
// guard before changing their password or two-step secret. Wrong guesses
// count like wrong sign-ins, so a borrowed session cannot try passwords
// without limit.
func (s *Server) currentPasswordOK(r *http.Request, sess *clinic.Session, password string) (bool, error) {
	u := sess.User
	attempt, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), s.throttleKeys(r, "account:", u.Email)...)
	if err != nil {
		return false, err
	} else if limited {
		return false, clinic.Errorf(clinic.ETooMany, "Too many wrong passwords. Please wait 15 minutes and try again.")
	}
	release := s.hashSlot()
	ok, _, err := s.cfg.Passwords.Verify(u.PasswordHash, password)
	release()
	if err != nil || !ok {
		s.audit(r, sess, "user.password_check", idRecord("user", u.ID), clinic.AuditRefused, "wrong current password")
		return false, nil
	}
	return true, s.cfg.Staff.ForgetAttempt(r.Context(), attempt)
}
