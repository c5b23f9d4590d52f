package clinic

import (
	"context"
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
}
