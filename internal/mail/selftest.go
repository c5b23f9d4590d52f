package mail

import (
	"context"
	"fmt"
	"net/mail"
	"os"
	"strings"
	"time"

	"clinic"
)

// Test sends a short message to to at once, past the outbox, so that
// whoever sets up the clinic can see that mail works. The error says what
// went wrong in words meant for that person.
func Test(ctx context.Context, s *Sender, to string) error {
	if !s.Configured() {
		return clinic.Errorf(clinic.EInvalid, "Mail is not configured: set the SMTP host and the sender address first.")
	}
	if _, err := mail.ParseAddress(to); err != nil || strings.TrimSpace(to) == "" {
		return clinic.Errorf(clinic.EInvalid, "%q is not an email address.", to)
	}
	m := &clinic.OutboxMessage{Kind: "mail_test", To: to, Subject: "Test message from " + s.fromName(),
		Body: testBody(s)}
	if err := s.Send(ctx, m); err != nil {
		return fmt.Errorf("mail: test message through %s (%s): %w%s", s.Addr(), s.cfg.security(), err, hint(err))
	}
	return nil
}

func testBody(s *Sender) string {
	host, _ := os.Hostname()
	return fmt.Sprintf("This is a test message from the clinic's website.\n\n"+
		"It was sent at %s by %s through %s.\nIf you can read it, outgoing mail works.\n",
		time.Now().Format("2006-01-02 15:04:05 MST"), host, s.Addr())
}

func (s *Sender) fromName() string {
	if s.from.Name != "" {
		return s.from.Name
	}
	return s.from.Address
}

// hint suggests what to check for the commonest failures.
func hint(err error) string {
	switch Class(err) {
	case ClassConnect:
		return " (is the host and port right, and does the firewall let this server out?)"
	case ClassTimeout:
		return " (the server did not answer: check the host, the port and the security mode)"
	case ClassTLS:
		return " (TLS failed: check the security mode, \"tls\" for port 465 and \"starttls\" for 587)"
	case ClassAuth:
		return " (check the SMTP username and password)"
	case ClassRejected:
		return " (the server refused the message: check that it lets this sender address send)"
	}
	return ""
}
