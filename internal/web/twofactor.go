package web

import (
	"encoding/base64"
	"html/template"
	"net/http"
	"net/url"

	"clinic"
	"clinic/internal/auth"
)

type twoFactorPage struct {
	adminPage
	Need   bool         // sent here on the way to patient data
	Secret string       // the new secret, shown for typing in by hand
	QR     template.URL // the otpauth URL as a PNG data URL
	Codes  []string     // recovery codes, shown once after enrolment
}

// twoFactor shows the enrolment form: a fresh secret as a QR code. The
// secret is kept sealed on the session, never in the form, and stored on
// the user only once a code made from it proves the app has it.
func (s *Server) twoFactor(w http.ResponseWriter, r *http.Request) error {
	sess := sessionFrom(r.Context())
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	secret, _, err := auth.NewTOTP(site.ClinicName, sess.User.Email)
	if err != nil {
		return err
	}
	if err := s.cfg.Staff.SetPendingTOTP(r.Context(), sess.ID, secret); err != nil {
		return err
	}
	return s.twoFactorForm(w, r, http.StatusOK, secret, "")
}

func (s *Server) twoFactorForm(w http.ResponseWriter, r *http.Request, status int, secret, problem string) error {
	p, err := s.adminBase(r, "Two-step sign-in")
	if err != nil {
		return err
	}
	tp := twoFactorPage{adminPage: p, Need: r.URL.Query().Get("need") != "", Secret: secret}
	if problem != "" {
		tp.Problem = problem
		tp.Errors = clinic.FieldErrors{"code": "Enter the 6-digit code from the app."}
	}
	if secret == "" {
		return s.renderAdmin(w, status, "admin-two-factor", tp)
	}
	png, err := auth.QRCodePNG(totpURL(p.Site.ClinicName, p.User.Email, secret), 256)
	if err != nil {
		return err
	}
	tp.QR = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))
	return s.renderAdmin(w, status, "admin-two-factor", tp)
}

// twoFactorSubmit turns two-step sign-in on once a code from the secret
// offered on this session checks out, and shows recovery codes once.
// Replacing a secret already in use also needs the current password.
func (s *Server) twoFactorSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, sess := r.Context(), sessionFrom(r.Context())
	u := sess.User
	secret, err := s.cfg.Staff.PendingTOTP(ctx, sess.ID)
	if err != nil {
		return err
	}
	if secret == "" {
		return s.twoFactorForm(w, r, http.StatusUnprocessableEntity, "", "This page was open too long, or in another tab. Open it again for a new code to scan.")
	}
	if u.TOTPEnabled {
		if ok, err := s.currentPasswordOK(r, sess, r.PostForm.Get("current")); err != nil {
			return err
		} else if !ok {
			return s.twoFactorForm(w, r, http.StatusUnprocessableEntity, secret, "To replace your two-step sign-in, enter your current password as well.")
		}
	}
	step, ok := auth.VerifyTOTP(secret, r.PostForm.Get("code"), s.now(), 0)
	if !ok {
		s.audit(r, sess, "user.two_factor", idRecord("user", u.ID), clinic.AuditRefused, "code did not match")
		return s.twoFactorForm(w, r, http.StatusUnprocessableEntity, secret, "That code did not match. Check the time on your phone and enter the code now showing.")
	}
	codes, err := auth.NewRecoveryCodes(10)
	if err != nil {
		return err
	}
	hashes := make([]string, len(codes))
	for i, c := range codes {
		hashes[i] = auth.HashRecoveryCode(c)
	}
	if err := s.cfg.Staff.SetTOTP(ctx, u.ID, secret, step); err != nil {
		return err
	}
	if err := s.cfg.Staff.SetRecoveryCodes(ctx, u.ID, hashes); err != nil {
		return err
	}
	// A session with the second factor is a new session, under a new
	// token; the old one ends, and with it the secret it was offered.
	u.TOTPEnabled = true
	if sess, err = s.startSession(w, r, u, true); err != nil {
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
