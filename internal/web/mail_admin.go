package web

import (
	"net/http"
	"net/netip"
	"strconv"
	"strings"

	"clinic"
	"clinic/internal/mail"
)

type mailPage struct {
	adminPage
	Form        clinic.MailSettings
	HasPassword bool
}

// mailSettings shows the SMTP relay the clinic sends email through. The
// password is never shown, only whether one is stored.
func (s *Server) mailSettings(w http.ResponseWriter, r *http.Request) error {
	m, err := s.cfg.MailSettings.MailSettings(r.Context())
	if err != nil {
		return err
	}
	return s.mailForm(w, r, http.StatusOK, m, m.Password != "", nil, "")
}

// mailForm shows the settings form with m's values; hasPassword says
// whether a password is stored, which the form never shows.
func (s *Server) mailForm(w http.ResponseWriter, r *http.Request, status int, m *clinic.MailSettings, hasPassword bool, errs clinic.FieldErrors, problem string) error {
	p, err := s.adminBase(r, "Email")
	if err != nil {
		return err
	}
	p.Errors, p.Problem = errs, problem
	mp := mailPage{adminPage: p, Form: *m, HasPassword: hasPassword}
	mp.Form.Password = ""
	return s.renderAdmin(w, status, "admin-mail", mp)
}

// mailFromForm reads the settings form; a field it cannot read is named
// in errs.
func mailFromForm(r *http.Request) (*clinic.MailSettings, clinic.FieldErrors) {
	f := r.PostForm
	m := &clinic.MailSettings{Host: strings.TrimSpace(f.Get("host")), Username: strings.TrimSpace(f.Get("username")),
		Password: f.Get("password"), Security: f.Get("security"), From: strings.TrimSpace(f.Get("from")),
		ForgetPassword: f.Get("forget_password") != ""}
	errs := clinic.FieldErrors{}
	if m.Security == mail.SecurityNone && m.Host != "" && !localHost(m.Host) {
		errs["security"] = "Without encryption, the password and patients' messages would cross the network readable. Choose STARTTLS or TLS; none is only for a relay on this server."
	}
	switch m.Security {
	case "":
		m.Security = mail.SecurityStartTLS
	case mail.SecurityStartTLS, mail.SecurityTLS, mail.SecurityNone:
	default:
		errs["security"] = "Choose STARTTLS, TLS or none."
	}
	if p := strings.TrimSpace(f.Get("port")); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			errs["port"] = "The port is a number from 1 to 65535, such as 587."
		}
		m.Port = n
	}
	return m, errs
}

// localHost reports whether host names this machine.
func localHost(host string) bool {
	if host == "localhost" {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// mailSettingsSave stores the relay after checking it; an empty password
// keeps the stored one. The change is audited, without the password.
func (s *Server) mailSettingsSave(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	stored, err := s.cfg.MailSettings.MailSettings(ctx)
	if err != nil {
		return err
	}
	m, errs := mailFromForm(r)
	if len(errs) > 0 {
		return s.mailForm(w, r, http.StatusUnprocessableEntity, m, stored.Password != "", errs, "Please correct the fields marked below.")
	}
	check := *m
	if check.Password == "" && !check.ForgetPassword {
		check.Password = stored.Password
	}
	if err := mail.FromSettings(&check).Validate(); err != nil {
		return s.mailForm(w, r, http.StatusUnprocessableEntity, m, stored.Password != "", nil, clinic.ErrorMessage(err))
	}
	if err := s.cfg.MailSettings.SaveMailSettings(ctx, m); err != nil {
		return err
	}
	s.audit(r, sessionFrom(ctx), "settings.mail", "mail settings", clinic.AuditOK, "relay "+m.Host)
	http.Redirect(w, r, doneURL("/admin/mail", "saved"), http.StatusSeeOther)
	return nil
}

// mailTest sends a test message to the signed-in user's own address, at
// once, through the stored settings.
func (s *Server) mailTest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m, err := s.cfg.MailSettings.MailSettings(ctx)
	if err != nil {
		return err
	}
	sender, err := mail.New(mail.FromSettings(m))
	sess := sessionFrom(ctx)
	if err == nil {
		err = mail.Test(ctx, sender, sess.User.Email)
	}
	if err != nil {
		s.audit(r, sess, "settings.mail_test", "mail settings", clinic.AuditRefused, mail.Class(err))
		msg := clinic.ErrorMessage(err)
		if clinic.ErrorKind(err) == clinic.EInternal {
			msg = err.Error() // mail.Test's words for whoever sets up mail; no patient data
		}
		return s.mailForm(w, r, http.StatusUnprocessableEntity, m, m.Password != "", nil, "The test message was not sent: "+msg)
	}
	s.audit(r, sess, "settings.mail_test", "mail settings", clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/mail", "mail-sent"), http.StatusSeeOther)
	return nil
}
