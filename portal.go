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
	// ActingFor is the patient whose portal the session shows when it is
	// not the account's own: a guardian's child. Zero for their own.
	ActingFor int64
	Account   *PortalAccount // filled in by lookups
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
	PortalPasswordService
}

// PortalPasswordService keeps a portal account's optional password. It
// works only together with a code from an authenticator app (TOTP), so
// a password alone never opens a portal; the emailed link and passkeys
// stay the way in for everyone else.
type PortalPasswordService interface {
	// PortalAccountByEmail returns the open account of an address,
	// ENotFound when there is none; unlike PortalAccountFor it makes
	// none.
	PortalAccountByEmail(ctx context.Context, email string) (*PortalAccount, error)
	// PortalTOTP returns the account's authenticator secret and the last
	// time step accepted; "" when it has none.
	PortalTOTP(ctx context.Context, accountID int64) (secret string, lastStep int64, err error)
	// SetPortalPassword stores a password's hash with the authenticator
	// secret it works with and the step of the code that proved the app
	// has it; empty hash and secret remove both.
	SetPortalPassword(ctx context.Context, accountID int64, hash, secret string, step int64) error
	// UpgradePortalPasswordHash replaces a hash below policy, if it is
	// still old.
	UpgradePortalPasswordHash(ctx context.Context, accountID int64, old, new string) error
	// AcceptPortalTOTPStep records a code's time step as used, and
	// reports false when that step or a later one was used already.
	AcceptPortalTOTPStep(ctx context.Context, accountID, step int64) (bool, error)
	// SetPortalPendingTOTP keeps the secret offered to a session, sealed,
	// until a code proves the app has it; PortalPendingTOTP returns it,
	// or "".
	SetPortalPendingTOTP(ctx context.Context, sessionID int64, secret string) error
	PortalPendingTOTP(ctx context.Context, sessionID int64) (string, error)
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
	// Correction is set on a patient's request to correct their record
	// (45 CFR 164.526), which the care team's inbox shows apart.
	Correction bool
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
		checkLine(errs, "subject", "the subject", subject, MaxSubjectLen, true)
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

// Passkey is a WebAuthn credential of a portal account. Record is the
// credential as the WebAuthn library encodes it (public key, sign count,
// flags), stored sealed; the credential id, which the authenticator
// returns at sign-in, and the relying party it was made for are not.
type Passkey struct {
	ID           int64
	AccountID    int64
	RPID         string
	CredentialID []byte
	Name         string // what the patient calls it: "My phone"
	Record       []byte
	CreatedAt    time.Time
	LastUsedAt   time.Time
}

// MaxPasskeyNameLen bounds a passkey's name, in characters.
const MaxPasskeyNameLen = 60

// A Ceremony is a WebAuthn challenge between its two steps, kept on the
// server: found by the hash of a token only the browser that began it
// holds, used once, for PasskeyCeremonyLifetime. A registration belongs
// to the portal session that began it.
type Ceremony struct {
	TokenHash string
	Kind      string // CeremonyRegister or CeremonySignIn
	SessionID int64  // registration: the portal session
	Data      []byte // the library's session data, sealed
	Expires   time.Time
}

// Kinds of ceremony, and how long one lasts.
const (
	CeremonyRegister        = "register"
	CeremonySignIn          = "sign_in"
	PasskeyCeremonyLifetime = 5 * time.Minute
)

// PasskeyService keeps portal accounts' passkeys and the challenges of
// their ceremonies.
type PasskeyService interface {
	// PasskeyHandle returns the account's WebAuthn user handle for the
	// relying party, made at random the first time.
	PasskeyHandle(ctx context.Context, rpID string, accountID int64) ([]byte, error)
	// PasskeyAccount returns the open account of a user handle;
	// ENotFound when there is none.
	PasskeyAccount(ctx context.Context, rpID string, handle []byte) (*PortalAccount, error)
	Passkeys(ctx context.Context, rpID string, accountID int64) ([]*Passkey, error)
	// AddPasskey stores a new passkey; one whose credential id is known
	// already is EConflict.
	AddPasskey(ctx context.Context, p *Passkey) error
	// PasskeyUsed stores a passkey's record after a sign-in.
	PasskeyUsed(ctx context.Context, id int64, record []byte) error
	// DeletePasskey removes one of the account's passkeys; another's is
	// ENotFound.
	DeletePasskey(ctx context.Context, accountID, id int64) error
	SaveCeremony(ctx context.Context, c *Ceremony) error
	// TakeCeremony returns a ceremony of kind once, deleting it;
	// ENotFound when it is unknown, used, expired or of another kind.
	TakeCeremony(ctx context.Context, tokenHash, kind string, now time.Time) (*Ceremony, error)
}

// GuardianGrant lets a parent or guardian's portal account see another
// patient's portal, view only or fully, until Expires. Staff give and
// revoke it; both are audited.
type GuardianGrant struct {
	ID        int64
	AccountID int64 // the guardian's portal account
	PatientID int64
	Full      bool // may change things; else view only
	Expires   time.Time
	CreatedBy int64
	CreatedAt time.Time
	RevokedAt time.Time
	// Filled in by lookups.
	Email       string // the guardian's
	PatientName string
}

// MaxGuardianDays bounds how long staff may give access for at once.
const MaxGuardianDays = 3 * 366

// GuardianService keeps guardians' access to other patients' portals.
type GuardianService interface {
	// GrantGuardian gives g.AccountID access to g.PatientID; a live
	// grant of the same pair is replaced.
	GrantGuardian(ctx context.Context, g *GuardianGrant) error
	// RevokeGuardian ends a grant of the patient; another's is ENotFound.
	RevokeGuardian(ctx context.Context, patientID, id int64) error
	// PatientGuardians lists a patient's grants, live and past.
	PatientGuardians(ctx context.Context, patientID int64) ([]*GuardianGrant, error)
	// AccountGrants lists the grants live at now that an account holds.
	AccountGrants(ctx context.Context, accountID int64, now time.Time) ([]*GuardianGrant, error)
	// SetActingPatient records whose portal a session shows; zero for
	// the account's own.
	SetActingPatient(ctx context.Context, sessionID, patientID int64) error
	// CloseAccount closes a portal account: its sessions, passkeys and
	// guardian access end; the patient's record stays with the clinic.
	CloseAccount(ctx context.Context, accountID int64) error
}
