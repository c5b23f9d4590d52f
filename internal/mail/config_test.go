package mail_test

import (
	"context"
	"strings"
	"testing"

	"clinic"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
)

func TestConfigValidate(t *testing.T) {
	good := mail.Config{Host: "smtp.example.com", From: "Praxis <noreply@example.com>"}
	tests := []struct {
		name   string
		change func(*mail.Config)
		want   string // a part of the message, "" for valid
	}{
		{"a host and a sender are enough", func(*mail.Config) {}, ""},
		{"the zero Config is valid and means mail is off", func(c *mail.Config) { *c = mail.Config{} }, ""},
		{"every security mode is known", func(c *mail.Config) { c.Security, c.Port = "tls", 465 }, ""},
		{"a bare sender address is enough", func(c *mail.Config) { c.From = "noreply@example.com" }, ""},
		{"a sender without a host is missing the host", func(c *mail.Config) { c.Host = "" }, "host is missing"},
		{"a password without a host is missing the host", func(c *mail.Config) { *c = mail.Config{Password: "x"} }, "host is missing"},
		{"a host with a scheme is refused", func(c *mail.Config) { c.Host = "smtp://smtp.example.com" }, "without a scheme"},
		{"a host with a port is refused", func(c *mail.Config) { c.Host = "smtp.example.com:587" }, "must not include a port"},
		{"a host with a space is refused", func(c *mail.Config) { c.Host = "smtp example.com" }, "not a host name"},
		{"an IPv6 address is refused", func(c *mail.Config) { c.Host = "::1" }, "IPv6"},
		{"a negative port is refused", func(c *mail.Config) { c.Port = -1 }, "out of range"},
		{"a port above 65535 is refused", func(c *mail.Config) { c.Port = 70000 }, "out of range"},
		{"an unknown security mode is refused", func(c *mail.Config) { c.Security = "ssl" }, `"ssl" is not known`},
		{"a security mode in capitals is refused", func(c *mail.Config) { c.Security = "STARTTLS" }, "is not known"},
		{"a missing sender is refused", func(c *mail.Config) { c.From = "" }, "sender address is missing"},
		{"a sender that is not an address is refused", func(c *mail.Config) { c.From = "Praxis" }, "is not valid"},
		{"a sender without a domain is refused", func(c *mail.Config) { c.From = "Praxis <noreply>" }, "is not valid"},
		{"a username without a password is refused", func(c *mail.Config) { c.Username = "praxis" }, "go together"},
		{"a password without a username is refused", func(c *mail.Config) { c.Password = "x" }, "go together"},
		{"a negative timeout is refused", func(c *mail.Config) { c.Timeout = -1 }, "negative"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.change(&c)
			err := c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case tt.want == "":
				return
			case err == nil:
				t.Fatalf("Validate() = nil, want an error saying %q", tt.want)
			case clinic.ErrorKind(err) != clinic.EInvalid || !strings.Contains(clinic.ErrorMessage(err), tt.want):
				t.Errorf("Validate() = %v, want an invalid error saying %q", err, tt.want)
			}
			if _, nerr := mail.New(c); clinic.ErrorKind(nerr) != clinic.EInvalid {
				t.Errorf("New() = %v, want the same invalid error", nerr)
			}
		})
	}
}

func TestConfigured(t *testing.T) {
	if (mail.Config{}).Configured() {
		t.Error("the zero Config is configured")
	}
	if !(mail.Config{Host: "smtp.example.com"}).Configured() {
		t.Error("a Config with a host is not configured")
	}
}

func TestTestMessage(t *testing.T) {
	srv := mailtest.Start(t, mailtest.STARTTLS())
	s := newSender(t, config(srv, "starttls"))
	if err := mail.Test(context.Background(), s, "admin@clinic.example"); err != nil {
		t.Fatalf("Test: %v", err)
	}
	got := srv.Wait(t, 1, wait)[0]
	if got.To[0] != "admin@clinic.example" || got.Subject != "Test message from Rückenzentrum Mitte" ||
		!strings.Contains(got.Text, "outgoing mail works") || !strings.HasPrefix(got.Header.Get("Message-Id"), "<test-") {
		t.Errorf("test message to %v, subject %q, id %q, text %q", got.To, got.Subject, got.Header.Get("Message-Id"), got.Text)
	}
}

func TestTestMessageErrors(t *testing.T) {
	down := mailtest.Start(t)
	down.Close()
	plain := mailtest.Start(t)
	tests := []struct {
		name string
		cfg  mail.Config
		to   string
		want string
	}{
		{"mail that is not configured says so", mail.Config{}, "admin@clinic.example", "Mail is not configured"},
		{"a recipient that is not an address is refused", config(down, "none"), "admin", `"admin" is not an email address`},
		{"a server that is down is named, with a hint", config(down, "none"), "admin@clinic.example",
			"through " + down.Addr() + " (none): smtp: send message 0: connect to " + down.Addr()},
		{"TLS against a plain server hints at the security mode", config(plain, "tls"), "admin@clinic.example",
			`check the security mode, "tls" for port 465`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mail.Test(context.Background(), newSender(t, tt.cfg), tt.to)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Test() = %v, want an error saying %q", err, tt.want)
			}
		})
	}
}
