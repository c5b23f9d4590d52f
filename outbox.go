package clinic

import (
	"context"
	"time"
)

// OutboxMessage is an email waiting to be sent, or sent. The outbox holds
// no protected health information: a message to a patient about an
// appointment names the appointment, and its address, text and calendar
// invitation are written from the appointment when it is sent. Staff
// notices say where to look in the back office, not what a patient wrote.
type OutboxMessage struct {
	ID          int64
	Kind        string // "staff_contact_notice", "appointment_reminder", …
	To          string
	Subject     string
	Body        string       // plain text
	Attachments []Attachment // written when sent, never stored
	// Secret marks a body that holds a one-time link: the outbox keeps it
	// sealed until the message is sent or given up, then erases it.
	Secret bool
	// Appointment is the appointment the message is about, 0 for none;
	// Waitlist likewise the waitlist entry.
	Appointment int64
	Waitlist    int64
	Review      int64 // the MRI review request, 0 for none
	CreatedAt   time.Time
	NextTryAt   time.Time // when it is due, or due again after a failure
	Attempts    int
	SentAt      time.Time // zero until sent
	FailedAt    time.Time // zero unless given up
	LastError   string
}

// An Attachment is a file sent with an email, such as a calendar
// invitation.
type Attachment struct {
	Name        string // "appointment.ics"
	ContentType string // "text/calendar; method=REQUEST"
	Data        []byte
}

// Mail states, as staff see them.
const (
	MailQueued    = "queued"
	MailSent      = "sent"
	MailFailed    = "failed"
	MailWithdrawn = "withdrawn" // given up before any try: the appointment changed
)

// MailContactNotice tells the clinic's address that a message from the
// website is waiting in the back office; its text names the back office's
// path, and the server puts its own address before it when it is sent.
const MailContactNotice = "staff_contact_notice"

// State says whether m is queued (perhaps after failed attempts), sent,
// given up after trying, or withdrawn before it was tried.
func (m *OutboxMessage) State() string {
	switch {
	case !m.SentAt.IsZero():
		return MailSent
	case !m.FailedAt.IsZero() && m.Attempts == 0:
		return MailWithdrawn
	case !m.FailedAt.IsZero():
		return MailFailed
	}
	return MailQueued
}

// Mailer queues email in the outbox, to be sent by the outbox worker.
type Mailer interface {
	QueueMail(ctx context.Context, m *OutboxMessage) error
}

// Outbox is the queue as the worker that sends it sees it. A claimed
// message is held by one worker, in any instance, until it is marked sent
// or failed; a claim left by a worker that stopped while sending is given
// up rather than tried again, so that no message is ever sent twice.
type Outbox interface {
	Mailer
	// ClaimMail takes up to n messages due at now that no worker holds,
	// and holds them until now+lease.
	ClaimMail(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*OutboxMessage, error)
	// MailSent marks a claimed message sent.
	MailSent(ctx context.Context, id int64, at time.Time) error
	// MailFailed records a failed attempt. The message is due again at
	// retry; a zero retry gives it up.
	MailFailed(ctx context.Context, id int64, at, retry time.Time, reason string) error
}

// MailSettings are how the clinic sends email: the SMTP relay and the
// sender's address. Password is write-only in the back office.
type MailSettings struct {
	Host     string
	Port     int
	Username string
	Password string
	Security string // "starttls", "tls" or "none"
	From     string // "Clinic name <noreply@example.com>"
	// ForgetPassword removes the stored password when saving.
	ForgetPassword bool
	UpdatedAt      time.Time
}

// MailSettingsService keeps the mail settings.
type MailSettingsService interface {
	MailSettings(ctx context.Context) (*MailSettings, error)
	// SaveMailSettings stores m; an empty Password keeps the one stored.
	SaveMailSettings(ctx context.Context, m *MailSettings) error
}
