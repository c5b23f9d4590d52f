package store

import (
	"context"
	"fmt"
	"time"

	"clinic"
)

// CreateSession stores s, whose TokenHash and UserID are set, and sets its
// ID and times.
func (db *DB) CreateSession(ctx context.Context, s *clinic.Session) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `INSERT INTO sessions (token_hash, user_id, two_factor, created_at, last_seen_at)
			VALUES ($1, $2, $3, $4, $4) RETURNING id`, s.TokenHash, s.UserID, s.TwoFactor, t.d.timeArg(t.now)).Scan(&s.ID)
		if err != nil {
			return fmt.Errorf("store: create session: %w", err)
		}
		s.CreatedAt, s.LastSeenAt = t.now, t.now
		return nil
	})
}

// touchEvery is how stale last_seen_at may get before a request writes it
// again: it spares a write per request at the cost of ending an idle
// session up to this much later.
const touchEvery = 30 * time.Second

// SessionByToken returns the session with the token hash and its user,
// when neither has ended at now; a session found ended is deleted. The
// user's idle timeout comes from idle.
func (db *DB) SessionByToken(ctx context.Context, tokenHash string, now time.Time, idle func(clinic.Role) time.Duration) (*clinic.Session, error) {
	// One query for the session and its user: this runs on every
	// back-office request.
	var s clinic.Session
	row := db.read.QueryRowContext(ctx, `SELECT s.id, s.token_hash, s.user_id, s.two_factor, s.created_at, s.last_seen_at, `+
		userColumnsU+` FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`, tokenHash)
	u, err := db.scanUser(prefixScanner{row, []any{&s.ID, &s.TokenHash, &s.UserID, &s.TwoFactor, timeCol{&s.CreatedAt}, timeCol{&s.LastSeenAt}}})
	if isNoRows(err) {
		return nil, clinic.Errorf(clinic.ENotFound, "Your session has ended. Please sign in again.")
	} else if err != nil {
		return nil, fmt.Errorf("store: read session: %w", err)
	}
	if u.Disabled || s.Expired(now, idle(u.Role)) {
		if err := db.DeleteSession(ctx, s.ID); err != nil {
			return nil, err
		}
		return nil, clinic.Errorf(clinic.ENotFound, "Your session has ended. Please sign in again.")
	}
	if now.Sub(s.LastSeenAt) >= touchEvery {
		_, err := db.write.ExecContext(ctx, `UPDATE sessions SET last_seen_at = $2 WHERE id = $1`, s.ID, db.d.timeArg(now))
		if err != nil {
			return nil, fmt.Errorf("store: touch session: %w", err)
		}
		s.LastSeenAt = normTime(now)
	}
	s.User = u
	return &s, nil
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, id int64) error {
	if _, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteUserSessions ends every session of a user.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error { return t.deleteUserSessions(ctx, userID) })
}

func (t *tx) deleteUserSessions(ctx context.Context, userID int64) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store: delete sessions of user %d: %w", userID, err)
	}
	return nil
}

// CreateToken stores the hash of a one-time token. A new link for a user
// revokes the user's earlier unused ones.
func (db *DB) CreateToken(ctx context.Context, purpose, tokenHash string, userID int64, expires time.Time) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var user any
		if userID != 0 {
			user = userID
			if _, err := t.ExecContext(ctx, `DELETE FROM auth_tokens WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
				return fmt.Errorf("store: revoke earlier links: %w", err)
			}
		}
		_, err := t.ExecContext(ctx, `INSERT INTO auth_tokens (token_hash, purpose, user_id, expires_at)
			VALUES ($1, $2, $3, $4)`, tokenHash, purpose, user, t.d.timeArg(expires))
		if err != nil {
			return fmt.Errorf("store: create %s token: %w", purpose, err)
		}
		return nil
	})
}

// UseToken consumes a one-time token: the first call before it expires
// returns its user id (zero for a setup token); any other is ENotFound.
func (db *DB) UseToken(ctx context.Context, purpose, tokenHash string, now time.Time) (int64, error) {
	var user *int64
	err := db.inTx(ctx, db.now(), func(t *tx) error { return t.useToken(ctx, purpose, tokenHash, now, &user) })
	if err != nil || user == nil {
		return 0, err
	}
	return *user, nil
}

func (t *tx) useToken(ctx context.Context, purpose, tokenHash string, now time.Time, user **int64) error {
	err := t.QueryRowContext(ctx, `UPDATE auth_tokens SET used_at = $3
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3
		RETURNING user_id`, tokenHash, purpose, t.d.timeArg(now)).Scan(user)
	if isNoRows(err) {
		return clinic.Errorf(clinic.ENotFound, "This link has expired or has been used already.")
	} else if err != nil {
		return fmt.Errorf("store: use %s token: %w", purpose, err)
	}
	return nil
}

// TokenValid reports whether a one-time token could still be used at now,
// without using it: the page that shows a form for it asks this.
func (db *DB) TokenValid(ctx context.Context, purpose, tokenHash string, now time.Time) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM auth_tokens
		WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3`,
		tokenHash, purpose, db.d.timeArg(now)).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: check %s token: %w", purpose, err)
	}
	return n == 1, nil
}

// prefixScanner scans the leading columns of a row into pre and passes
// the rest to the caller's destinations.
type prefixScanner struct {
	r   scanner
	pre []any
}

func (p prefixScanner) Scan(dest ...any) error { return p.r.Scan(append(p.pre, dest...)...) }
