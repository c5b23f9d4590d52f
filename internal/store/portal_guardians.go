package store

import (
	"context"
	"fmt"
	"time"

	"clinic"
)

var _ clinic.GuardianService = (*DB)(nil)

const guardianColumns = `g.id, g.account_id, g.patient_id, g.full_access, g.expires_at, g.created_by, g.created_at, g.revoked_at`

func scanGrant(s scanner) (*clinic.GuardianGrant, error) {
	g := &clinic.GuardianGrant{}
	var by *int64
	err := s.Scan(&g.ID, &g.AccountID, &g.PatientID, &g.Full, timeCol{&g.Expires}, &by, timeCol{&g.CreatedAt}, timeCol{&g.RevokedAt})
	if by != nil {
		g.CreatedBy = *by
	}
	return g, err
}

// GrantGuardian gives a portal account access to a patient's portal; a
// live grant of the same pair ends, replaced by this one.
func (db *DB) GrantGuardian(ctx context.Context, g *clinic.GuardianGrant) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE portal_guardians SET revoked_at = $3
			WHERE account_id = $1 AND patient_id = $2 AND revoked_at IS NULL`, g.AccountID, g.PatientID, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: give guardian access: %w", err)
		}
		var by any
		if g.CreatedBy != 0 {
			by = g.CreatedBy
		}
		g.CreatedAt = t.now
		err = t.QueryRowContext(ctx, `INSERT INTO portal_guardians (account_id, patient_id, full_access, expires_at, created_by, created_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, g.AccountID, g.PatientID, boolInt(g.Full), t.d.timeArg(g.Expires), by,
			t.d.timeArg(t.now)).Scan(&g.ID)
		if err != nil {
			return fmt.Errorf("store: give guardian access: %w", err)
		}
		recordCreated(ctx, "guardian", g.ID)
		return nil
	})
}

// RevokeGuardian ends one of the patient's grants.
func (db *DB) RevokeGuardian(ctx context.Context, patientID, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE portal_guardians SET revoked_at = $3 WHERE id = $1 AND patient_id = $2 AND revoked_at IS NULL`,
			id, patientID, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: revoke guardian access: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.ENotFound, "There is no such access to end.")
		}
		return nil
	})
}

// PatientGuardians lists a patient's grants with the guardians' emails,
// newest first.
func (db *DB) PatientGuardians(ctx context.Context, patientID int64) ([]*clinic.GuardianGrant, error) {
	gs, err := queryRows(ctx, db.read, scanGrant, `SELECT `+guardianColumns+` FROM portal_guardians g WHERE g.patient_id = $1 ORDER BY g.id DESC`, patientID)
	if err != nil {
		return nil, fmt.Errorf("store: guardians: %w", err)
	}
	for _, g := range gs {
		a, err := db.PortalAccount(ctx, g.AccountID)
		if err != nil {
			return nil, err
		}
		g.Email = a.Email
	}
	return gs, nil
}

// AccountGrants lists the grants an open account holds at now, with the
// patients' names.
func (db *DB) AccountGrants(ctx context.Context, accountID int64, now time.Time) ([]*clinic.GuardianGrant, error) {
	gs, err := queryRows(ctx, db.read, scanGrant, `SELECT `+guardianColumns+` FROM portal_guardians g
		JOIN portal_accounts a ON a.id = g.account_id AND a.closed_at IS NULL
		WHERE g.account_id = $1 AND g.revoked_at IS NULL AND g.expires_at > $2 ORDER BY g.id`, accountID, db.d.timeArg(now))
	if err != nil {
		return nil, fmt.Errorf("store: guardian access: %w", err)
	}
	for _, g := range gs {
		p, err := db.Patient(ctx, g.PatientID)
		if err != nil {
			return nil, err
		}
		g.PatientName = p.Name
	}
	return gs, nil
}

// SetActingPatient records whose portal a session shows.
func (db *DB) SetActingPatient(ctx context.Context, sessionID, patientID int64) error {
	var acting any
	if patientID != 0 {
		acting = patientID
	}
	if _, err := db.write.ExecContext(ctx, `UPDATE portal_sessions SET acting_for = $2 WHERE id = $1`, sessionID, acting); err != nil {
		return fmt.Errorf("store: switch portals: %w", err)
	}
	return nil
}

// CloseAccount closes a portal account: sessions, passkeys, its password
// and authenticator, sign-in links, ceremonies and guardian access end
// with it. The patient's
// record and everything linked to it stay.
func (db *DB) CloseAccount(ctx context.Context, accountID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		for _, q := range []string{
			`UPDATE portal_accounts SET closed_at = $2 WHERE id = $1 AND closed_at IS NULL`,
			`UPDATE portal_guardians SET revoked_at = $2 WHERE account_id = $1 AND revoked_at IS NULL`,
		} {
			if _, err := t.ExecContext(ctx, q, accountID, t.d.timeArg(t.now)); err != nil {
				return fmt.Errorf("store: close a portal account: %w", err)
			}
		}
		for _, q := range []string{
			`UPDATE portal_accounts SET password_hash = '', totp_sealed = NULL WHERE id = $1`,
			`DELETE FROM portal_sessions WHERE account_id = $1`,
			`DELETE FROM portal_passkeys WHERE account_id = $1`,
			`DELETE FROM portal_passkey_users WHERE account_id = $1`,
			`DELETE FROM portal_links WHERE account_id = $1`,
		} {
			if _, err := t.ExecContext(ctx, q, accountID); err != nil {
				return fmt.Errorf("store: close a portal account: %w", err)
			}
		}
		return nil
	})
}
