package store

import (
	"context"
	"fmt"
	"time"

	"clinic"
)

// CreatePortalSession stores a new session of a patient's account.
func (db *DB) CreatePortalSession(ctx context.Context, s *clinic.PortalSession) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		s.CreatedAt, s.LastSeenAt = t.now, t.now
		return t.QueryRowContext(ctx, `INSERT INTO portal_sessions (token_hash, account_id, created_at, last_seen_at)
			VALUES ($1, $2, $3, $3) RETURNING id`, s.TokenHash, s.AccountID, t.d.timeArg(t.now)).Scan(&s.ID)
	})
}

// PortalSessionByToken returns the live session with the token hash and
// its open account, and marks it seen at now. An ended session is
// deleted.
func (db *DB) PortalSessionByToken(ctx context.Context, tokenHash string, now time.Time) (*clinic.PortalSession, error) {
	s := &clinic.PortalSession{TokenHash: tokenHash}
	var acting *int64
	err := db.read.QueryRowContext(ctx, `SELECT s.id, s.account_id, s.created_at, s.last_seen_at, s.acting_for FROM portal_sessions s
		JOIN portal_accounts a ON a.id = s.account_id WHERE s.token_hash = $1 AND a.closed_at IS NULL`, tokenHash).
		Scan(&s.ID, &s.AccountID, timeCol{&s.CreatedAt}, timeCol{&s.LastSeenAt}, &acting)
	if isNoRows(err) {
		return nil, notFound("session")
	} else if err != nil {
		return nil, fmt.Errorf("store: portal session: %w", err)
	}
	if acting != nil {
		s.ActingFor = *acting
	}
	if s.Expired(now) {
		return nil, errorsJoin(notFound("session"), db.DeletePortalSession(ctx, s.ID))
	}
	if now.Sub(s.LastSeenAt) > time.Minute { // a write a minute at most per session
		if _, err := db.write.ExecContext(ctx, `UPDATE portal_sessions SET last_seen_at = $2 WHERE id = $1`, s.ID, db.d.timeArg(now)); err != nil {
			return nil, fmt.Errorf("store: portal session: %w", err)
		}
		s.LastSeenAt = now
	}
	a, err := db.PortalAccount(ctx, s.AccountID)
	if err != nil {
		return nil, err
	}
	s.Account = a
	return s, nil
}

// errorsJoin returns first, unless second is an error of its own.
func errorsJoin(first, second error) error {
	if second != nil {
		return second
	}
	return first
}

// DeletePortalSession ends a session.
func (db *DB) DeletePortalSession(ctx context.Context, id int64) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM portal_sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: end a portal session: %w", err)
	}
	return nil
}
