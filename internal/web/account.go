package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"
	"strings"

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
	hash, err := auth.Hash(password)
	if err != nil {
		return err
	}
	userID, err := s.cfg.Staff.UseToken(ctx, purpose, auth.HashToken(token), s.now())
	if err != nil {
		return err
	}
	if p.Setup {
		u.PasswordHash = hash
		if err := s.cfg.Staff.CreateUser(ctx, u); err != nil {
			return err
		}
	} else {
		if u, err = s.cfg.Staff.User(ctx, userID); err != nil {
			return err
		}
		u.PasswordHash = hash // ends the user's other sessions
		if err := s.cfg.Staff.UpdateUser(ctx, u); err != nil {
			return err
		}
	}
	sess, err := s.startSession(w, r, u, false)
	if err != nil {
		return err
	}
	s.audit(r, sess, "user.password_link", idRecord("user", u.ID), clinic.AuditOK, purpose)
	next := "/admin"
	if !u.TOTPEnabled {
		next = "/admin/account/two-factor"
	} else {
		next = "/admin/sign-in/code"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
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
	keys := s.throttleKeys(r, email)
	limited, err := s.cfg.Staff.Throttled(ctx, s.now(), keys...)
	if err != nil {
		return err
	}
	if !limited {
		if err := s.cfg.Staff.RecordFailure(ctx, s.now(), keys...); err != nil {
			return err
		}
		if u, err := s.cfg.Staff.UserByEmail(ctx, email); err == nil && !u.Disabled {
			if err := s.sendPasswordLink(r, u, "reset"); err != nil {
				return err
			}
		}
	}
	p, err := s.adminBase(r, "Reset your password")
	if err != nil {
		return err
	}
	p.User = nil
	return s.renderAdmin(w, http.StatusOK, "admin-reset", resetPage{adminPage: p, Sent: true, Email: email})
}

// sendPasswordLink queues an email with a one-time link to set u's
// password: a reset, or the invitation of a new user. It returns the link.
func (s *Server) sendPasswordLink(r *http.Request, u *clinic.User, why string) error {
	link, err := s.passwordLinkFor(r, u)
	if err != nil {
		return err
	}
	subject, body := "Reset your password", "Someone asked to reset the password of your account at the back office. If it was you, open this link within 30 minutes to choose a new password:\n\n"+link+"\n\nIf it was not you, ignore this email: your password stays as it is.\n"
	if why == "invite" {
		subject, body = "Your back-office account", "An account was made for you at the back office. Open this link within 30 minutes to choose your password:\n\n"+link+"\n"
	}
	if err := s.cfg.Mailer.QueueMail(r.Context(), &clinic.OutboxMessage{Kind: "staff_password_" + why, To: u.Email, Subject: subject, Body: body}); err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "user.password_link_sent", idRecord("user", u.ID), clinic.AuditOK, why)
	return nil
}

// passwordLinkFor makes a reset token for u and returns its link.
func (s *Server) passwordLinkFor(r *http.Request, u *clinic.User) (string, error) {
	token, hash := auth.NewToken()
	if err := s.cfg.Staff.CreateToken(r.Context(), clinic.TokenReset, hash, u.ID, s.now().Add(clinic.ResetTokenLifetime)); err != nil {
		return "", err
	}
	return s.cfg.BaseURL + "/admin/reset/" + token, nil
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
	if ok, _, err := auth.Verify(u.PasswordHash, r.PostForm.Get("current")); err != nil || !ok {
		s.audit(r, sess, "user.password", idRecord("user", u.ID), clinic.AuditRefused, "wrong current password")
		return problem("current", "That is not your current password.")
	}
	next := r.PostForm.Get("password")
	if err := auth.CheckPassword(next); err != nil {
		return problem("password", clinic.ErrorMessage(err))
	}
	if next != r.PostForm.Get("confirm") {
		return problem("confirm", "The two passwords are not the same.")
	}
	hash, err := auth.Hash(next)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := s.cfg.Staff.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	if _, err := s.startSession(w, r, u, sess.TwoFactor); err != nil {
		return err
	}
	s.audit(r, sess, "user.password", idRecord("user", u.ID), clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/account", "password"), http.StatusSeeOther)
	return nil
}

type twoFactorPage struct {
	adminPage
	Need   bool         // sent here on the way to patient data
	Secret string       // the new secret, shown for typing in by hand
	QR     template.URL // the otpauth URL as a PNG data URL
	Codes  []string     // recovery codes, shown once after enrolment
}

// twoFactor shows the enrolment form: a fresh secret as a QR code. The
// secret travels in a hidden field and is stored only once a code made
// from it proves the app has it.
func (s *Server) twoFactor(w http.ResponseWriter, r *http.Request) error {
	return s.twoFactorForm(w, r, http.StatusOK, "")
}

func (s *Server) twoFactorForm(w http.ResponseWriter, r *http.Request, status int, secret string) error {
	p, err := s.adminBase(r, "Two-step sign-in")
	if err != nil {
		return err
	}
	tp := twoFactorPage{adminPage: p, Need: r.URL.Query().Get("need") != ""}
	if secret == "" {
		if secret, _, err = auth.NewTOTP(p.Site.ClinicName, p.User.Email); err != nil {
			return err
		}
	} else {
		tp.Problem = "That code did not match. Check the time on your phone and enter the code now showing."
		tp.Errors = clinic.FieldErrors{"code": "Enter the 6-digit code from the app."}
	}
	tp.Secret = secret
	png, err := auth.QRCodePNG(totpURL(p.Site.ClinicName, p.User.Email, secret), 256)
	if err != nil {
		return err
	}
	tp.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return s.renderAdmin(w, status, "admin-two-factor", tp)
}

// twoFactorSubmit turns two-step sign-in on once a code from the new
// secret checks out, and shows recovery codes once.
func (s *Server) twoFactorSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sess := sessionFrom(r.Context())
	u := sess.User
	secret := strings.TrimSpace(r.PostForm.Get("secret"))
	step, ok := auth.VerifyTOTP(secret, r.PostForm.Get("code"), s.now(), 0)
	if !ok || len(secret) < 16 || len(secret) > 64 {
		s.audit(r, sess, "user.two_factor", idRecord("user", u.ID), clinic.AuditRefused, "code did not match")
		return s.twoFactorForm(w, r, http.StatusUnprocessableEntity, secret)
	}
	codes, err := auth.NewRecoveryCodes(10)
	if err != nil {
		return err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	u.TOTPSecret, u.TOTPEnabled, u.TOTPLastStep = secret, true, step
	if err := s.cfg.Staff.UpdateUser(r.Context(), u); err != nil {
		return err
	}
	if err := s.cfg.Staff.SetRecoveryCodes(r.Context(), u.ID, hashes); err != nil {
		return err
	}
	if err := s.cfg.Staff.SetSessionTwoFactor(r.Context(), sess.ID); err != nil {
		return err
	}
	s.audit(r, sess, "user.two_factor", idRecord("user", u.ID), clinic.AuditOK, "enrolled")
	p, err := s.adminBase(r, "Two-step sign-in is on")
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-two-factor", twoFactorPage{adminPage: p, Codes: codes})
}

// totpURL is the otpauth:// URL an authenticator app reads from the QR.
func totpURL(issuer, account, secret string) string {
	u := url.URL{Scheme: "otpauth", Host: "totp", Path: "/" + issuer + ":" + account,
		RawQuery: url.Values{"secret": {secret}, "issuer": {issuer}, "algorithm": {"SHA1"},
			"digits": {"6"}, "period": {"30"}}.Encode()}
	return u.String()
}
