package clinic

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Audit outcomes.
const (
	AuditOK      = "ok"
	AuditRefused = "refused"
)

// AuditEvent is one row of the audit log: who did what to which record,
// when, from where, and whether it was allowed. The log is append-only and
// hash-chained: each event carries the hash of the one before it, so that
// a changed or removed row breaks the chain from there on.
type AuditEvent struct {
	ID       int64
	At       time.Time // UTC
	ActorID  int64     // zero for the public or the system
	Actor    string    // the user's email at the time, "system" or "anonymous"
	Action   string    // "sign_in", "post.update", "lead.read", …
	Record   string    // "post:back-pain-basics", "lead:42", "user:3"
	Address  string    // the client address
	Outcome  string    // AuditOK or AuditRefused
	Detail   string    // a short note; never PHI
	PrevHash string
	Hash     string
}

// Canonical is e's fields and the previous event's hash as bytes to hash:
// each field length-prefixed, so that no two field lists read alike. The
// time is written in UTC with microseconds, as the database keeps it.
func (e *AuditEvent) Canonical() []byte {
	fields := []string{
		strconv.FormatInt(e.ID, 10),
		e.At.UTC().Format("2006-01-02T15:04:05.000000Z"),
		strconv.FormatInt(e.ActorID, 10),
		e.Actor, e.Action, e.Record, e.Address, e.Outcome, e.Detail, e.PrevHash,
	}
	var b []byte
	for _, f := range fields {
		b = strconv.AppendInt(b, int64(len(f)), 10)
		b = append(b, ':')
		b = append(b, f...)
	}
	return b
}

// ComputeHash is the plain SHA-256 of e's canonical bytes. The store keys
// the hash with a secret held outside the database when it has one (see
// VerifyChain's hash), so that someone who can write to the database
// cannot rebuild a consistent chain.
func (e *AuditEvent) ComputeHash() string {
	sum := sha256.Sum256(e.Canonical())
	return hex.EncodeToString(sum[:])
}

// VerifyChain checks that each event's hash is right and names the one
// before it. It returns the ID of the first event that breaks the chain,
// or zero when the chain holds. prev is the hash of the event before the
// first of events ("" when events starts the log); hash computes an
// event's hash as the log was written.
func VerifyChain(prev string, events []*AuditEvent, hash func(*AuditEvent) string) int64 {
	for _, e := range events {
		if e.PrevHash != prev || hash(e) != e.Hash {
			return e.ID
		}
		prev = e.Hash
	}
	return 0
}

type pendingAuditKey struct{}

// WithAudit returns ctx carrying e, the audit event of a change about to
// be made: the store writes e in the same transaction as the change, so
// that the change and its event are committed together or not at all.
// Only the first write transaction under ctx takes it.
func WithAudit(ctx context.Context, e *AuditEvent) context.Context {
	return context.WithValue(ctx, pendingAuditKey{}, e)
}

// PendingAudit returns the event ctx carries that is not written yet
// (its ID is still zero), or nil.
func PendingAudit(ctx context.Context) *AuditEvent {
	e, _ := ctx.Value(pendingAuditKey{}).(*AuditEvent)
	if e == nil || e.ID != 0 {
		return nil
	}
	return e
}

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	ActorID  int64
	Action   string // a prefix: "post." selects every post action
	Record   string
	Outcome  string
	Since    time.Time
	Until    time.Time
	Limit    int
	BeforeID int64 // for paging: only events older than this one
}

// Matches reports whether e passes f; the store uses SQL, this is for
// tests and in-memory checks.
func (f *AuditFilter) Matches(e *AuditEvent) bool {
	return (f.ActorID == 0 || e.ActorID == f.ActorID) &&
		strings.HasPrefix(e.Action, f.Action) &&
		(f.Record == "" || e.Record == f.Record) &&
		(f.Outcome == "" || e.Outcome == f.Outcome) &&
		(f.Since.IsZero() || !e.At.Before(f.Since)) &&
		(f.Until.IsZero() || e.At.Before(f.Until)) &&
		(f.BeforeID == 0 || e.ID < f.BeforeID)
}

// AuditService appends to the audit log and reads it.
type AuditService interface {
	// Audit appends e, setting its ID, time, PrevHash and Hash.
	Audit(ctx context.Context, e *AuditEvent) error
	AuditEvents(ctx context.Context, f AuditFilter) ([]*AuditEvent, error)
	// VerifyAudit walks the whole chain and returns the ID of the first
	// broken event, or zero, and how many events it checked.
	VerifyAudit(ctx context.Context) (broken int64, checked int, err error)
}
