package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"clinic"
)

// Targeted changes of a user. Each writes only what it is about, so that
// a slow request (a password hash takes a tenth of a second) cannot write
// back a stale copy of the rest of the row over an admin's change.

// SetPasswordHash sets a new password hash and ends the user's sessions
// and unused one-time links.
func (db *DB) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1`,
			userID, hash, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("user %d", userID))
		}
		return t.endAccess(ctx, userID)
	})
}

// endAccess deletes a user's sessions and unused one-time links.
func (t *tx) endAccess(ctx context.Context, userID int64) error {
	if err := t.deleteUserSessions(ctx, userID); err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `DELETE FROM auth_tokens WHERE user_id = $1 AND used_at IS NULL`, userID); err != nil {
		return fmt.Errorf("store: revoke links of user %d: %w", userID, err)
	}
	return nil
}

// SetTOTP turns on two-step sign-in with secret, whose code of step was
// just accepted.
func (db *DB) SetTOTP(ctx context.Context, userID int64, secret string, step int64) error {
	sealed, err := db.sealTOTP(secret)
	if err != nil {
		return err
	}
	_, err = db.write.ExecContext(ctx, `UPDATE users SET totp_sealed = $2, totp_enabled = $3, totp_last_step = $4,
		updated_at = $5 WHERE id = $1`, userID, sealed, secret != "", step, db.d.timeArg(db.now()))
	if err != nil {
		return fmt.Errorf("store: set two-step secret: %w", err)
	}
	return nil
}

// SetRoleDisabled changes a user's role and whether they are disabled.
// Disabling ends their sessions and links at once; a new role ends their
// sessions. A change that would
// leave no enabled admin is EConflict, even when two admins try it on
// each other at the same moment.
func (db *DB) SetRoleDisabled(ctx context.Context, userID int64, role clinic.Role, disabled bool) error {
	if !role.Valid() {
		return clinic.Errorf(clinic.EInvalid, "Please choose a role.")
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "admins"); err != nil {
			return err
		}
		var was clinic.Role
		var wasDisabled bool
		err := t.QueryRowContext(ctx, `SELECT role, disabled FROM users WHERE id = $1`, userID).Scan(&was, &wasDisabled)
		if isNoRows(err) {
			return notFound(fmt.Sprintf("user %d", userID))
		} else if err != nil {
			return fmt.Errorf("store: set role: %w", err)
		}
		if was == clinic.RoleAdmin && !wasDisabled && (role != clinic.RoleAdmin || disabled) {
			var others int
			err := t.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = $2 AND id <> $1`,
				userID, false).Scan(&others)
			if err != nil {
				return fmt.Errorf("store: count admins: %w", err)
			}
			if others == 0 {
				return clinic.Errorf(clinic.EConflict, "This would leave the clinic without an admin who can sign in.")
			}
		}
		_, err = t.ExecContext(ctx, `UPDATE users SET role = $2, disabled = $3, updated_at = $4 WHERE id = $1`,
			userID, string(role), disabled, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: set role: %w", err)
		}
		switch {
		case disabled:
			return t.endAccess(ctx, userID)
		case role != was:
			// What a session may do follows from the role: a new role
			// starts with a new sign-in.
			return t.deleteUserSessions(ctx, userID)
		}
		return nil
	})
}

// CreateUserWithToken uses a setup link and creates the user it is for in
// one transaction: a link is spent only when the user is made.
func (db *DB) CreateUserWithToken(ctx context.Context, purpose, tokenHash string, u *clinic.User, now time.Time) error {
	sealed, err := db.checkUser(u)
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.useToken(ctx, purpose, tokenHash, now, new(*int64)); err != nil {
			return err
		}
		return t.insertUser(ctx, u, sealed)
	})
}

// TakeAttempt counts an attempt against each key before the attempt is
// checked, and reports whether any key was over its limit already, in
// which case nothing is counted. Taking the count and the new row under
// one lock per key means a burst of parallel attempts cannot all pass.
// The caller forgets the attempt when it succeeds.
func (db *DB) TakeAttempt(ctx context.Context, now time.Time, keys ...clinic.ThrottleKey) ([]int64, bool, error) {
	var ids []int64
	limited := false
	err := db.inTx(ctx, now, func(t *tx) error {
		hashes := make([]string, len(keys))
		for i, k := range keys {
			hashes[i] = db.throttleHash(k.Key)
		}
		for _, h := range slices.Sorted(slices.Values(hashes)) { // one lock order: no deadlock
			if err := t.lock(ctx, "throttle "+h); err != nil {
				return err
			}
		}
		for i, k := range keys {
			var n int
			err := t.QueryRowContext(ctx, `SELECT count(*) FROM auth_failures WHERE key_hash = $1 AND at > $2`,
				hashes[i], t.d.ago(t.now, clinic.ThrottleWindow)).Scan(&n)
			if err != nil {
				return fmt.Errorf("store: count attempts: %w", err)
			}
			if n >= k.Limit {
				limited = true
				return nil
			}
		}
		for _, h := range hashes {
			var id int64
			err := t.QueryRowContext(ctx, `INSERT INTO auth_failures (key_hash, at) VALUES ($1, $2) RETURNING id`,
				h, t.d.timeArg(t.now)).Scan(&id)
			if err != nil {
				return fmt.Errorf("store: count attempt: %w", err)
			}
			ids = append(ids, id)
		}
		_, err := t.ExecContext(ctx, `DELETE FROM auth_failures WHERE at < $1`, t.d.ago(t.now, 24*time.Hour))
		return err
	})
	return ids, limited, err
}

// throttleHash keeps throttle keys (email addresses, client addresses) out
// of the database in the clear.
func (db *DB) throttleHash(key string) string {
	if db.sealer != nil {
		return db.sealer.Hash("throttle " + key)
	}
	sum := sha256.Sum256([]byte("throttle " + key))
	return hex.EncodeToString(sum[:])
}

// ForgetAttempt uncounts an attempt that succeeded.
func (db *DB) ForgetAttempt(ctx context.Context, ids []int64) error {
	for _, id := range ids {
		if _, err := db.write.ExecContext(ctx, `DELETE FROM auth_failures WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: forget attempt: %w", err)
		}
	}
	return nil
}

// SetPendingTOTP keeps a secret offered for enrolment on the session,
// sealed, until a code from it is entered.
func (db *DB) SetPendingTOTP(ctx context.Context, sessionID int64, secret string) error {
	sealed, err := db.sealTOTP(secret)
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE sessions SET pending_totp = $2 WHERE id = $1`, sessionID, sealed); err != nil {
		return fmt.Errorf("store: pending two-step secret: %w", err)
	}
	return nil
}

// PendingTOTP returns the secret offered on the session, or "".
func (db *DB) PendingTOTP(ctx context.Context, sessionID int64) (string, error) {
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT pending_totp FROM sessions WHERE id = $1`, sessionID).Scan(&sealed)
	if isNoRows(err) || err == nil && len(sealed) == 0 {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: pending two-step secret: %w", err)
	}
	if db.sealer == nil {
		return "", errNoSealer()
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("store: pending two-step secret: %w", err)
	}
	return string(plain), nil
}
