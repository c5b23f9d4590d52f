package clinic

import (
	"context"
	"slices"
	"strings"
	"time"
)

// PortalAccount is a patient's way into the portal. It sees a patient
// record (PatientID) only after a verified match: its email confirmed
// through a link sent to it, and the date of birth the patient gives
// matching the record with that email.
type PortalAccount struct {
	ID           int64
	Email        string // sealed; found by a keyed hash
	PatientID    int64  // zero until a verified match
	VerifiedAt   time.Time
	PasswordHash string // optional; argon2id
	ClosedAt     time.Time
	CreatedAt    time.Time
}

// PortalSession is a signed-in patient's browser: the same rules as a
// staff session (a hash of the token stored, an idle timeout, a
// lifetime), in a table and a cookie of its own.
type PortalSession struct {
	ID         int64
	TokenHash  string
	AccountID  int64
	CreatedAt  time.Time
	LastSeenAt time.Time
	Account    *PortalAccount // filled in by lookups
}

// Expired reports whether s has ended at now.
func (s *PortalSession) Expired(now time.Time) bool {
	return !now.Before(s.CreatedAt.Add(SessionLifetime)) || !now.Before(s.LastSeenAt.Add(PortalIdle))
}

// Portal timing: a sign-in link lasts a quarter of an hour from when it
// is sent, and works once; a session ends after PortalIdle without use.
const (
	PortalLinkLifetime = 15 * time.Minute
	PortalIdle         = 15 * time.Minute
)

// MailPortalLink is a message with a one-time sign-in link, written when
// it is sent: the outbox names only the account, after a colon, as in
// "portal_link:42".
const MailPortalLink = "portal_link"

// PortalService keeps portal accounts, their sign-in links and sessions.
type PortalService interface {
	// PortalAccountFor returns the account of an email address, making it
	// when there is none.
	PortalAccountFor(ctx context.Context, email string) (*PortalAccount, error)
	PortalAccount(ctx context.Context, id int64) (*PortalAccount, error)
	// QueuePortalLink queues a sign-in link to the account's address,
	// written when it is sent.
	QueuePortalLink(ctx context.Context, accountID int64) error
	// CreatePortalLink stores the hash of a sign-in link's token.
	CreatePortalLink(ctx context.Context, accountID int64, tokenHash string, expires time.Time) error
	// UsePortalLink consumes a link once and marks the account's email
	// verified; ENotFound when it is unknown, used or expired.
	UsePortalLink(ctx context.Context, tokenHash string, now time.Time) (*PortalAccount, error)
	// MatchPortalPatient links a verified account to the record with its
	// email and the date of birth given, and reports whether there was
	// one; it marks the record's email verified.
	MatchPortalPatient(ctx context.Context, accountID int64, dateOfBirth string) (bool, error)
	CreatePortalSession(ctx context.Context, s *PortalSession) error
	// PortalSessionByToken returns the live session and its account, and
	// marks it seen at now; ENotFound when it has ended.
	PortalSessionByToken(ctx context.Context, tokenHash string, now time.Time) (*PortalSession, error)
	DeletePortalSession(ctx context.Context, id int64) error
	PortalSettingsService
}

// A Thread is a conversation between a patient and the care team. The
// subject and every message are PHI: stored sealed. The email a patient
// or the clinic gets says only that there is a message.
type Thread struct {
	ID         int64
	PatientID  int64
	Subject    string
	Urgent     bool // a patient's message named an urgent sign
	AssignedTo int64
	Assignee   string // filled in by lookups
	Closed     bool
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// FromPatient is set when the last message is the patient's: the
	// care team owes an answer.
	FromPatient bool
	Messages    []*Message // filled in when one thread is read
}

// Message is one message of a thread.
type Message struct {
	ID          int64
	ThreadID    int64
	FromPatient bool
	AuthorID    int64 // the staff member; zero for the patient
	Author      string
	Body        string
	CreatedAt   time.Time
}

// Limits of a message, in characters.
const (
	MaxSubjectLen     = 120
	MaxMessageBodyLen = 5000
)

// Validate checks a new message (and a new thread's subject when
// subject is true).
func (m *Message) Validate(subject string, needSubject bool) FieldErrors {
	errs := FieldErrors{}
	if needSubject {
		checkLine(errs, "subject", "a subject", subject, MaxSubjectLen, true)
	}
	checkText(errs, "body", "your message", m.Body, MaxMessageBodyLen, true)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// urgentSigns are words in a patient's message that may mean an
// emergency of the spine: loss of bladder or bowel control, numbness,
// weakness, being unable to walk. Matched on folded words.
var urgentSigns = [][]string{
	{"bladder"}, {"bowel"}, {"incontinence"}, {"incontinent"}, {"numb"}, {"numbness"}, {"saddle"},
	{"cant", "walk"}, {"can", "t", "walk"}, {"cannot", "walk"}, {"unable", "to", "walk"}, {"paralysed"}, {"paralyzed"},
	{"weakness"}, {"chest", "pain"}, {"fever"},
}

// UrgentSigns reports whether a patient's text names a sign that needs
// care now: the portal then tells them to call or go to an emergency
// department, and the care team sees the message flagged.
func UrgentSigns(text string) bool {
	words := NameWords(strings.ReplaceAll(strings.ReplaceAll(text, "'", " "), "’", " "))
	for i := range words {
		for _, sign := range urgentSigns {
			if i+len(sign) <= len(words) && slices.Equal(words[i:i+len(sign)], sign) {
				return true
			}
		}
	}
	return false
}

// MailPortalMessage tells a patient there is a new message in the
// portal, naming the patient record after a colon; its text says
// nothing of the message.
const MailPortalMessage = "portal_message"

// MessageService keeps the secure messages between patients and the
// care team.
type MessageService interface {
	// StartThread stores a patient's new thread with its first message;
	// a message with an urgent sign flags the thread.
	StartThread(ctx context.Context, t *Thread, body string) error
	// PostMessage adds a message to a thread of the patient (EForbidden
	// when it is not theirs: the web layer answers 404). A staff message
	// queues the patient's notice.
	PostMessage(ctx context.Context, patientID int64, m *Message) error
	// PatientThreads lists a patient's threads, newest first.
	PatientThreads(ctx context.Context, patientID int64) ([]*Thread, error)
	// Thread returns one thread with its messages; patientID, when not
	// zero, must be its patient's (else ENotFound).
	Thread(ctx context.Context, id, patientID int64) (*Thread, error)
	// Inbox lists open threads for the care team: urgent first, then
	// those awaiting an answer, oldest first; assigned to userID only
	// when it is not zero.
	Inbox(ctx context.Context, userID int64) ([]*Thread, error)
	AssignThread(ctx context.Context, id, userID int64) error
}

// PortalSettings are what the portal offers; each can be switched off.
type PortalSettings struct {
	SelfScheduling bool // moving and cancelling appointments online
	Messages       bool // secure messages with the care team
	Forms          bool // pre-visit forms
}

// PortalSettingsService keeps the portal's switches.
type PortalSettingsService interface {
	PortalSettings(ctx context.Context) (*PortalSettings, error)
	SavePortalSettings(ctx context.Context, ps *PortalSettings) error
}
