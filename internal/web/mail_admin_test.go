package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/mail/mailtest"
)

func TestMailSettingsAdmin(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	smtp := mailtest.Start(t)
	_, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	b := s.browser()
	b.signIn(t, "admin@example.com", secret)
	good := url.Values{"host": {smtp.Host()}, "port": {strconv.Itoa(smtp.Port())}, "security": {"none"},
		"username": {""}, "password": {""}, "from": {"Clinic <noreply@clinic.example>"}}
	bad := []struct{ name, field, value string }{
		{"a port of letters", "port", "smtp"},
		{"a port of 70000", "port", "70000"},
		{"an unknown security", "security", "ssl3"},
		{"a host with a scheme", "host", "smtp://mail.example.com"},
		{"a sender that is not an address", "from", "the clinic"},
		{"a user name without a password", "username", "clinic"},
		{"no encryption to a relay elsewhere", "host", "smtp.example.com"},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused and nothing is saved", func(t *testing.T) {
			v := withField(good, c.field, c.value)
			r := b.post(t, "/admin/mail", v)
			if r.StatusCode != http.StatusUnprocessableEntity || r.text(t, ".alert") == "" && r.text(t, ".error") == "" {
				t.Errorf("%d %q", r.StatusCode, r.text(t, ".alert"))
			}
			if m, _ := s.db.MailSettings(ctx); m.Host != "" {
				t.Errorf("saved %+v", m)
			}
		})
	}
	t.Run("good settings are saved, audited, and the password never shown", func(t *testing.T) {
		r := b.post(t, "/admin/mail", good)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %q", r.StatusCode, r.text(t, ".alert"))
		}
		page := b.get(t, "/admin/mail")
		if attr(page.all(t, "#f-host")[0], "value") != smtp.Host() || attr(page.all(t, "#f-password")[0], "value") != "" {
			t.Error("the form does not show the saved host, or shows a password")
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "settings.mail"})
		if len(es) != 1 {
			t.Errorf("%d audit events", len(es))
		}
	})
	t.Run("a test message reaches the signed-in admin", func(t *testing.T) {
		r := b.post(t, "/admin/mail/test", nil)
		if r.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %q", r.StatusCode, r.text(t, ".alert"))
		}
		if got := smtp.Wait(t, 1, 10*time.Second); got[0].To[0] != "admin@example.com" {
			t.Errorf("to %v", got[0].To)
		}
	})
	t.Run("a relay that is down is explained, not a server error", func(t *testing.T) {
		smtp.Close()
		r := b.post(t, "/admin/mail/test", nil)
		if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.text(t, ".alert"), "not sent") {
			t.Errorf("%d %q", r.StatusCode, r.text(t, ".alert"))
		}
	})
}
