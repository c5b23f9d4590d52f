package clinic

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of the contact form, in characters.
const (
	MaxNameLen    = 120
	MaxEmailLen   = 254
	MaxPhoneLen   = 40
	MaxMessageLen = 5000
)

// ContactFlood is how many messages one client address may send in
// ContactFloodWindow before the form refuses more.
const (
	ContactFlood       = 5
	ContactFloodWindow = time.Hour
)

// ContactMessage is a message sent through the contact form. Everything in
// it but the time is protected health information: it is stored encrypted
// and never logged.
type ContactMessage struct {
	ID         int64
	Name       string
	Email      string
	Phone      string
	Message    string
	ClientAddr string // the sender's network address; only a keyed hash is stored
	Status     string
	CreatedAt  time.Time
}

// FieldErrors maps a form field's name to what is wrong with it.
type FieldErrors map[string]string

// Normalize trims the fields that a person types.
func (m *ContactMessage) Normalize() {
	m.Name = strings.TrimSpace(m.Name)
	m.Email = strings.TrimSpace(m.Email)
	m.Phone = strings.TrimSpace(m.Phone)
	m.Message = strings.TrimSpace(strings.ReplaceAll(m.Message, "\r\n", "\n"))
}

// Validate checks m and says, per field, what to fix. It returns nil when
// m is fine.
func (m *ContactMessage) Validate() FieldErrors {
	errs := FieldErrors{}
	checkLine(errs, "name", "your name", m.Name, MaxNameLen, true)
	if checkLine(errs, "phone", "the phone number", m.Phone, MaxPhoneLen, false) {
		checkPhone(errs, m.Phone)
	}
	checkText(errs, "message", "your message", m.Message, MaxMessageLen, true)
	checkEmail(errs, m.Email)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// checkEmail records what is wrong with a required email address.
func checkEmail(errs FieldErrors, v string) {
	if checkLine(errs, "email", "your email address", v, MaxEmailLen, true) {
		if a, err := mail.ParseAddress(v); err != nil || a.Address != v || !strings.Contains(a.Address[strings.LastIndex(a.Address, "@"):], ".") {
			errs["email"] = "Please enter an email address like name@example.com."
		}
	}
}

// checkPhone records what is wrong with a phone number, if one is given.
func checkPhone(errs FieldErrors, v string) {
	digits := 0
	for _, r := range v {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	switch {
	case v == "":
	case strings.Trim(v, "0123456789+-(). ext") != "":
		errs["phone"] = "A phone number may hold only digits, spaces and + - ( ) ."
	case digits < 7 || digits > 20:
		errs["phone"] = "Please enter the whole phone number, with its area code, such as (206) 555-0142."
	}
}

// checkText records what is wrong with one text field and reports whether
// the field passed.
func checkText(errs FieldErrors, field, what, v string, max int, required bool) bool {
	switch {
	case !utf8.ValidString(v) || strings.ContainsRune(v, 0):
		errs[field] = "Please check " + what + ": it holds characters we cannot read."
	case required && v == "":
		errs[field] = "Please enter " + what + "."
	case utf8.RuneCountInString(v) > max:
		errs[field] = "Please shorten " + what + " to at most " + itoa(max) + " characters."
	default:
		return true
	}
	return false
}

// checkLine is checkText for a field of one line (a name, a phone
// number, a title): control characters such as line breaks and tabs are
// refused, since such a field ends up in email headers and lines of text.
func checkLine(errs FieldErrors, field, what, v string, max int, required bool) bool {
	if !checkText(errs, field, what, v, max, required) {
		return false
	}
	if i := strings.IndexFunc(v, isBreak); i >= 0 {
		errs[field] = "Please write " + what + " on one line, without line breaks, tabs or other control characters."
		return false
	}
	return true
}

// isBreak reports a control character or a Unicode line or paragraph
// separator.
func isBreak(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029'
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for ; n > 0; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
	}
	return string(b[i:])
}

// Lead statuses.
const (
	LeadNew        = "new"
	LeadInProgress = "in_progress"
	LeadDone       = "done"
)

// IntakeService stores what prospective patients send us.
type IntakeService interface {
	// CreateContactMessage stores m and queues a notification for staff
	// in the same transaction. It fails with ETooMany when m's client
	// address sent ContactFlood messages within ContactFloodWindow.
	CreateContactMessage(ctx context.Context, m *ContactMessage, now time.Time) error
}

// LeadNote is a staff note on a contact message. Notes can hold PHI, so
// they are stored sealed like the message.
type LeadNote struct {
	ID        int64
	MessageID int64
	AuthorID  int64
	Author    string // the author's name, filled in by lookups
	Text      string
	CreatedAt time.Time
}

// MaxNoteLen bounds a lead note, in characters.
const MaxNoteLen = 5000

// ValidLeadStatus reports whether s is a status a lead can have.
func ValidLeadStatus(s string) bool { return s == LeadNew || s == LeadInProgress || s == LeadDone }

// LeadService is the back office's side of the contact form: the leads
// inbox. Every call reads or changes PHI; the web layer audits each.
type LeadService interface {
	// ContactMessages returns messages with the status (all when empty),
	// newest first, and how many there are.
	ContactMessages(ctx context.Context, status string, limit, offset int) ([]*ContactMessage, int, error)
	ContactMessage(ctx context.Context, id int64) (*ContactMessage, error)
	SetLeadStatus(ctx context.Context, id int64, status string) error
	AddLeadNote(ctx context.Context, n *LeadNote) error
	LeadNotes(ctx context.Context, messageID int64) ([]*LeadNote, error)
}
