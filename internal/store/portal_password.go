package store

import (
	"context"
	"fmt"

	"clinic"
)

// PortalAccountByEmail returns the open account of an address, and makes
// none.
func (db *DB) PortalAccountByEmail(ctx context.Context, email string) (*clinic.PortalAccount, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	as, err := queryRows(ctx, db.read, db.scanPortalAccount, `SELECT `+portalColumns+` FROM portal_accounts
		WHERE email_hash = $1 AND closed_at IS NULL`, db.portalEmailHash(email))
	return one(as, err, "portal account")
}

// PortalTOTP returns an account's authenticator secret, opened, and the
// last time step accepted.
func (db *DB) PortalTOTP(ctx context.Context, accountID int64) (string, int64, error) {
	var sealed []byte
	var step int64
	err := db.read.QueryRowContext(ctx, `SELECT totp_sealed, totp_last_step FROM portal_accounts WHERE id = $1`, accountID).Scan(&sealed, &step)
	if isNoRows(err) {
		return "", 0, notFound("portal account")
	} else if err != nil {
		return "", 0, fmt.Errorf("store: portal authenticator: %w", err)
	}
	secret, err := db.openSecret(sealed)
	return secret, step, err
}

// openSecret opens a sealed secret; nothing sealed is "".
func (db *DB) openSecret(sealed []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	if db.sealer == nil {
		return "", errNoSealer()
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return "", fmt.Errorf("store: open a secret: %w", err)
	}
	return string(plain), nil
}

// SetPortalPassword stores or, with empty hash and secret, removes an
// account's password and authenticator secret together; a closed account
// takes neither. The secret offered to its sessions is forgotten.
func (db *DB) SetPortalPassword(ctx context.Context, accountID int64, hash, secret string, step int64) error {
	if (hash == "") != (secret == "") {
		return clinic.Errorf(clinic.EInvalid, "A portal password works only with an authenticator app.")
	}
	sealed, err := db.sealTOTP(secret)
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE portal_accounts SET password_hash = $2, totp_sealed = $3, totp_last_step = $4
			WHERE id = $1 AND closed_at IS NULL`, accountID, hash, sealed, step)
		if err != nil {
			return fmt.Errorf("store: set a portal password: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil || n != 1 {
			return errorsJoin(notFound("portal account"), err)
		}
		if _, err := t.ExecContext(ctx, `UPDATE portal_sessions SET pending_totp = NULL WHERE account_id = $1`, accountID); err != nil {
			return fmt.Errorf("store: set a portal password: %w", err)
		}
		return nil
	})
}

// UpgradePortalPasswordHash replaces an account's hash if it is still
// old.
func (db *DB) UpgradePortalPasswordHash(ctx context.Context, accountID int64, old, new string) error {
	if _, err := db.write.ExecContext(ctx, `UPDATE portal_accounts SET password_hash = $3 WHERE id = $1 AND password_hash = $2`,
		accountID, old, new); err != nil {
		return fmt.Errorf("store: upgrade a portal password hash: %w", err)
	}
	return nil
}

// AcceptPortalTOTPStep uses a code's time step once: a step no newer
// than the last one used is refused, so a code seen over a shoulder
// cannot be used again.
func (db *DB) AcceptPortalTOTPStep(ctx context.Context, accountID, step int64) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE portal_accounts SET totp_last_step = $2
		WHERE id = $1 AND totp_last_step < $2`, accountID, step)
	if err != nil {
		return false, fmt.Errorf("store: accept a portal code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: accept a portal code: %w", err)
	}
	return n == 1, nil
}

// SetPortalPendingTOTP keeps the secret offered to a session, sealed.
func (db *DB) SetPortalPendingTOTP(ctx context.Context, sessionID int64, secret string) error {
	sealed, err := db.sealTOTP(secret)
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE portal_sessions SET pending_totp = $2 WHERE id = $1`, sessionID, sealed); err != nil {
		return fmt.Errorf("store: pending portal authenticator: %w", err)
	}
	return nil
}

// PortalPendingTOTP returns the secret offered to a session, or "".
func (db *DB) PortalPendingTOTP(ctx context.Context, sessionID int64) (string, error) {
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT pending_totp FROM portal_sessions WHERE id = $1`, sessionID).Scan(&sealed)
	if isNoRows(err) {
		return "", nil
	} else if err != nil {
		return "", fmt.Errorf("store: pending portal authenticator: %w", err)
	}
	return db.openSecret(sealed)
}
