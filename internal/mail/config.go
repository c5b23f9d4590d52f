// Package mail sends the clinic's email over SMTP: the Sender speaks to
// the relay, and the Worker drains the outbox through it.
//
// A message to a patient is protected health information. Nothing in this
// package puts a recipient address, a subject or a body into an error or a
// log line: errors name the outbox message id and the SMTP reply code.
package mail

import (
	"crypto/tls"
	"net/mail"
	"strings"
	"time"

	"clinic"
)

// Security modes for Config.Security.
const (
	SecurityStartTLS = "starttls" // plain connection upgraded by STARTTLS, which the server must offer
	SecurityTLS      = "tls"      // implicit TLS from the first byte, usually port 465
	SecurityNone     = "none"     // no encryption: only for a relay on the same machine
)

// DefaultTimeout bounds one connection to the relay when Config.Timeout is
// zero.
const DefaultTimeout = 30 * time.Second

// Config says how to reach the SMTP relay. The zero Config means mail is
// not configured: the outbox keeps its messages until it is.
type Config struct {
	Host     string
	Port     int // 0 picks 587, 465 or 25 by Security
	Username string
	Password string
	// Security is SecurityStartTLS (the default when empty), SecurityTLS
	// or SecurityNone.
	Security string
	// From is the sender, as "Clinic name <noreply@example.com>".
	From string
	// Timeout bounds one connection; 0 means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig, when set, replaces the default TLS settings, for
	// instance to trust a test server's own certificate.
	TLSConfig *tls.Config
}

// Configured reports whether c names a relay at all.
func (c Config) Configured() bool {
	return strings.TrimSpace(c.Host) != ""
}

// Validate reports the first thing wrong with c, as a clinic.EInvalid
// error. A Config with nothing set is valid: mail is simply off.
func (c Config) Validate() error {
	if !c.Configured() {
		if c.From != "" || c.Username != "" || c.Password != "" {
			return clinic.Errorf(clinic.EInvalid, "The SMTP host is missing: set the host of the mail relay.")
		}
		return nil
	}
	checks := []func() error{c.checkHost, c.checkPort, c.checkSecurity, c.checkFrom, c.checkAuth, c.checkTimeout}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (c Config) checkHost() error {
	h := c.Host
	switch {
	case strings.Contains(h, "://"):
		return clinic.Errorf(clinic.EInvalid, "The SMTP host %q must be a host name, without a scheme.", h)
	case strings.ContainsAny(h, " \t\r\n/[]"):
		return clinic.Errorf(clinic.EInvalid, "The SMTP host %q is not a host name.", h)
	case strings.Count(h, ":") == 1:
		return clinic.Errorf(clinic.EInvalid, "The SMTP host %q must not include a port: set the port on its own.", h)
	case strings.Contains(h, ":"):
		return clinic.Errorf(clinic.EInvalid, "The SMTP host %q is an IPv6 address: use a host name.", h)
	}
	return nil
}

func (c Config) checkPort() error {
	if c.Port < 0 || c.Port > 65535 {
		return clinic.Errorf(clinic.EInvalid, "The SMTP port %d is out of range: use a port from 1 to 65535, or 0 for the usual one.", c.Port)
	}
	return nil
}

func (c Config) checkSecurity() error {
	switch c.Security {
	case "", SecurityStartTLS, SecurityTLS, SecurityNone:
		return nil
	}
	return clinic.Errorf(clinic.EInvalid, "The SMTP security %q is not known: use %q, %q or %q.",
		c.Security, SecurityStartTLS, SecurityTLS, SecurityNone)
}

func (c Config) checkFrom() error {
	if strings.TrimSpace(c.From) == "" {
		return clinic.Errorf(clinic.EInvalid, "The sender address is missing: set it as \"Clinic name <noreply@example.com>\".")
	}
	if _, err := parseFrom(c.From); err != nil {
		return clinic.Errorf(clinic.EInvalid, "The sender address %q is not valid: write it as \"Clinic name <noreply@example.com>\".", c.From)
	}
	return nil
}

func (c Config) checkAuth() error {
	if (c.Username == "") != (c.Password == "") {
		return clinic.Errorf(clinic.EInvalid, "The SMTP username and password go together: set both, or neither.")
	}
	return nil
}

func (c Config) checkTimeout() error {
	if c.Timeout < 0 {
		return clinic.Errorf(clinic.EInvalid, "The SMTP timeout %s is negative.", c.Timeout)
	}
	return nil
}

// parseFrom parses the sender and insists on a domain, which the
// Message-ID needs.
func parseFrom(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, err
	}
	if domainOf(a.Address) == "" {
		return nil, clinic.Errorf(clinic.EInvalid, "no domain")
	}
	return a, nil
}

func domainOf(addr string) string {
	at := strings.LastIndexByte(addr, '@')
	if at < 0 {
		return ""
	}
	return addr[at+1:]
}

// security returns c.Security with the default filled in.
func (c Config) security() string {
	if c.Security == "" {
		return SecurityStartTLS
	}
	return c.Security
}

// port returns c.Port, or the usual port for the security mode.
func (c Config) port() int {
	if c.Port != 0 {
		return c.Port
	}
	switch c.security() {
	case SecurityTLS:
		return 465
	case SecurityNone:
		return 25
	}
	return 587
}

func (c Config) timeout() time.Duration {
	if c.Timeout == 0 {
		return DefaultTimeout
	}
	return c.Timeout
}

// FromSettings is the Config of the mail settings the clinic stores.
func FromSettings(m *clinic.MailSettings) Config {
	return Config{Host: m.Host, Port: m.Port, Username: m.Username, Password: m.Password, Security: m.Security, From: m.From}
}
