package mail_test

import (
	"context"
	"crypto/x509"
	"strings"
	"testing"

	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
)

func TestSendErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name      string
		opts      []mailtest.Option
		security  string
		setup     func(*mail.Config, *mailtest.Server)
		permanent bool
		class     string
		text      string // a part of the error text
	}{
		{name: "a refused recipient is permanent", opts: []mailtest.Option{mailtest.RefuseRecipients(550)},
			security: "none", permanent: true, class: mail.ClassRejected,
			text: "smtp: send message 42: RCPT TO: 550 5.1.1 mailbox unavailable"},
		{name: "a refused message is permanent", opts: []mailtest.Option{mailtest.RefuseData(554)},
			security: "none", permanent: true, class: mail.ClassRejected, text: "554 5.0.0 transaction failed"},
		{name: "a 451 at the recipient is temporary", opts: []mailtest.Option{mailtest.RefuseRecipients(451)},
			security: "none", class: mail.ClassDeferred, text: "RCPT TO: 451 4.3.0"},
		{name: "a 451 after the data is temporary", opts: []mailtest.Option{mailtest.RefuseData(451)},
			security: "none", class: mail.ClassDeferred, text: "451 4.3.0 local error at the server"},
		{name: "a server that is down is temporary", security: "none",
			setup: func(_ *mail.Config, s *mailtest.Server) { s.Close() }, class: mail.ClassConnect,
			text: "connection refused"},
		{name: "an untrusted certificate is a TLS failure, temporary", opts: []mailtest.Option{mailtest.STARTTLS()},
			security: "starttls", setup: func(c *mail.Config, _ *mailtest.Server) { c.TLSConfig.RootCAs = x509.NewCertPool() },
			class: mail.ClassTLS, text: "certificate"},
		{name: "a server without STARTTLS fails when STARTTLS is required", security: "starttls",
			class: mail.ClassTLS, text: "STARTTLS"},
		{name: "implicit TLS against a plain server fails, temporary", security: "tls", class: mail.ClassTLS},
		{name: "a wrong password is an auth failure, temporary",
			opts:     []mailtest.Option{mailtest.STARTTLS(), mailtest.RequireAuth("clinic", "right")},
			security: "starttls", setup: func(c *mail.Config, _ *mailtest.Server) { c.Username, c.Password = "clinic", "wrong" },
			class: mail.ClassAuth, text: "535"},
		{name: "a server that wants a password and got none is an auth failure",
			opts:     []mailtest.Option{mailtest.STARTTLS(), mailtest.RequireAuth("clinic", "right")},
			security: "starttls", class: mail.ClassAuth, text: "MAIL FROM: 530"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.Start(t, tt.opts...)
			cfg := config(srv, tt.security)
			if tt.setup != nil {
				tt.setup(&cfg, srv)
			}
			err := newSender(t, cfg).Send(context.Background(), reminder(42))
			if err == nil {
				t.Fatal("Send succeeded")
			}
			t.Logf("error: %v", err)
			if got := mail.Permanent(err); got != tt.permanent {
				t.Errorf("Permanent(%q) = %v, want %v", err, got, tt.permanent)
			}
			if got := mail.Class(err); got != tt.class {
				t.Errorf("Class(%q) = %q, want %q", err, got, tt.class)
			}
			if !strings.Contains(err.Error(), tt.text) {
				t.Errorf("error %q does not say %q", err, tt.text)
			}
			assertNoPHI(t, "error", err.Error())
		})
	}
}

func TestAMalformedRecipientIsPermanent(t *testing.T) {
	srv := mailtest.Start(t)
	m := reminder(5)
	m.To = "anna.schmidt at patient"
	err := newSender(t, config(srv, "none")).Send(context.Background(), m)
	if !mail.Permanent(err) || mail.Class(err) != mail.ClassInvalid {
		t.Errorf("Send = %v (class %q), want a permanent invalid error", err, mail.Class(err))
	}
	assertNoPHI(t, "error", err.Error())
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d messages, want none", n)
	}
}

// assertNoPHI fails if s, an error text or a log, holds the test message's
// recipient, subject or body.
func assertNoPHI(t *testing.T, what, s string) {
	t.Helper()
	for _, phi := range []string{"anna.schmidt", "patient.example", secret, "Weiß", "Termin am Montag"} {
		if strings.Contains(s, phi) {
			t.Errorf("%s %q holds %q", what, s, phi)
		}
	}
}
