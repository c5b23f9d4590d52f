package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"clinic"
)

var _ clinic.StaffService = (*DB)(nil)

const userColumns = `id, email, name, role, password_hash, totp_sealed, totp_enabled, totp_last_step, disabled, created_at, updated_at`

// userColumnsU is userColumns of a users table named u, for joins.
var userColumnsU = "u." + strings.ReplaceAll(userColumns, ", ", ", u.")

// scanUser reads a row of userColumns, unsealing the TOTP secret.
func (db *DB) scanUser(r scanner) (*clinic.User, error) {
	var u clinic.User
	var sealed []byte
	err := r.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.PasswordHash, &sealed, &u.TOTPEnabled,
		&u.TOTPLastStep, &u.Disabled, timeCol{&u.CreatedAt}, timeCol{&u.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if len(sealed) > 0 {
		if db.sealer == nil {
			return nil, errNoSealer()
		}
		plain, err := db.sealer.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("store: unseal the two-factor secret of user %d: %w", u.ID, err)
		}
		u.TOTPSecret = string(plain)
	}
	return &u, nil
}

// checkUser validates u and returns its TOTP secret in its stored form.
func (db *DB) checkUser(u *clinic.User) (any, error) {
	if errs := u.Validate(); errs != nil {
		return nil, clinic.Errorf(clinic.EInvalid, "%s", firstError(errs))
	}
	return db.sealTOTP(u.TOTPSecret)
}

// sealTOTP is the stored form of a TOTP secret: NULL when there is none.
func (db *DB) sealTOTP(secret string) (any, error) {
	if secret == "" {
		return nil, nil
	}
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	return db.sealer.Seal([]byte(secret)), nil
}

// CreateUser stores u and sets its ID and times. A taken email address is
// EConflict.
func (db *DB) CreateUser(ctx context.Context, u *clinic.User) error {
	sealed, err := db.checkUser(u)
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error { return t.insertUser(ctx, u, sealed) })
}

// insertUser writes a new user; a taken email address is EConflict.
func (t *tx) insertUser(ctx context.Context, u *clinic.User, sealed any) error {
	var n int
	if err := t.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1`, u.Email).Scan(&n); err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	if n > 0 {
		return clinic.Errorf(clinic.EConflict, "There is already a user with the email address %s.", u.Email)
	}
	err := t.QueryRowContext(ctx, `INSERT INTO users (email, name, role, password_hash, totp_sealed,
			totp_enabled, totp_last_step, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		u.Email, u.Name, string(u.Role), u.PasswordHash, sealed, u.TOTPEnabled, u.TOTPLastStep,
		u.Disabled, t.d.timeArg(t.now)).Scan(&u.ID)
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	u.CreatedAt, u.UpdatedAt = t.now, t.now
	return nil
}

// firstError is one message of errs, the first by field name, so that the
// same input always gives the same message.
func firstError(errs clinic.FieldErrors) string {
	best := ""
	for k := range errs {
		if best == "" || k < best {
			best = k
		}
	}
	return errs[best]
}

// User returns the user with the id.
func (db *DB) User(ctx context.Context, id int64) (*clinic.User, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	return db.oneUser(row, fmt.Sprintf("user %d", id))
}

// UserByEmail returns the user with the email address, in any case.
func (db *DB) UserByEmail(ctx context.Context, email string) (*clinic.User, error) {
	row := db.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE email = $1`, clinic.NormalizeEmail(email))
	return db.oneUser(row, "that user")
}

func (db *DB) oneUser(row scanner, what string) (*clinic.User, error) {
	u, err := db.scanUser(row)
	if isNoRows(err) {
		return nil, clinic.Errorf(clinic.ENotFound, "There is no %s.", what)
	}
	if err != nil {
		return nil, fmt.Errorf("store: read %s: %w", what, err)
	}
	return u, nil
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]*clinic.User, error) {
	us, err := queryRows(ctx, db.read, db.scanUser, `SELECT `+userColumns+` FROM users ORDER BY name, id`)
	return list(us, err, "users")
}

// HasAdmin reports whether an enabled admin exists.
func (db *DB) HasAdmin(ctx context.Context) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE role = 'admin' AND disabled = $1`, false).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: count admins: %w", err)
	}
	return n > 0, nil
}

// UpgradePasswordHash swaps old for new when old is still stored.
func (db *DB) UpgradePasswordHash(ctx context.Context, userID int64, old, new string) error {
	_, err := db.write.ExecContext(ctx, `UPDATE users SET password_hash = $3 WHERE id = $1 AND password_hash = $2`, userID, old, new)
	if err != nil {
		return fmt.Errorf("store: upgrade password hash: %w", err)
	}
	return nil
}

// AcceptTOTPStep records step as the last used time step of the user when
// it is newer than the one stored, atomically, so that one code cannot be
// used twice even by two requests at once.
func (db *DB) AcceptTOTPStep(ctx context.Context, userID, step int64) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE users SET totp_last_step = $2
		WHERE id = $1 AND totp_last_step < $2`, userID, step)
	if err != nil {
		return false, fmt.Errorf("store: accept two-factor code: %w", err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("store: accept two-factor code: %w", err)
	}
	return n == 1, nil
}

// SetRecoveryCodes replaces the user's recovery codes with the hashes.
func (db *DB) SetRecoveryCodes(ctx context.Context, userID int64, hashes []string) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("store: set recovery codes: %w", err)
		}
		for _, h := range hashes {
			if _, err := t.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, code_hash) VALUES ($1, $2)`, userID, h); err != nil {
				return fmt.Errorf("store: set recovery codes: %w", err)
			}
		}
		return nil
	})
}

// UseRecoveryCode marks the code with the hash used and reports whether
// it was there and unused.
func (db *DB) UseRecoveryCode(ctx context.Context, userID int64, hash string) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $3
		WHERE user_id = $1 AND code_hash = $2 AND used_at IS NULL`, userID, hash, db.d.timeArg(db.now()))
	if err != nil {
		return false, fmt.Errorf("store: use recovery code: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecoveryCodesLeft counts the user's unused recovery codes.
func (db *DB) RecoveryCodesLeft(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`, userID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count recovery codes: %w", err)
	}
	return n, nil
}

// ago is the time dur before now as a query argument.
func (d *dialect) ago(now time.Time, dur time.Duration) any { return d.timeArg(now.Add(-dur)) }
