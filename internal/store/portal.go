package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

var _ clinic.PortalService = (*DB)(nil)

// portalEmailHash is the stored form of an account's email address.
func (db *DB) portalEmailHash(email string) string {
	return db.sealer.Hash("portal account " + clinic.NormalizeEmail(email))
}

const portalColumns = `id, sealed, patient_id, verified_at, password_hash, closed_at, created_at`

func (db *DB) scanPortalAccount(s scanner) (*clinic.PortalAccount, error) {
	a := &clinic.PortalAccount{}
	var sealed []byte
	var patient *int64
	err := s.Scan(&a.ID, &sealed, &patient, timeCol{&a.VerifiedAt}, &a.PasswordHash, timeCol{&a.ClosedAt}, timeCol{&a.CreatedAt})
	if err != nil {
		return nil, err
	}
	if patient != nil {
		a.PatientID = *patient
	}
	email, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: open portal account %d: %w", a.ID, err)
	}
	a.Email = string(email)
	return a, nil
}

// PortalAccountFor returns the open account of an email address, made
// when there is none; a closed account is made anew.
func (db *DB) PortalAccountFor(ctx context.Context, email string) (*clinic.PortalAccount, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	email = clinic.NormalizeEmail(email)
	var a *clinic.PortalAccount
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		h := db.portalEmailHash(email)
		if err := t.lock(ctx, "portal account "+h); err != nil {
			return err
		}
		as, err := queryRows(ctx, t, db.scanPortalAccount, `SELECT `+portalColumns+` FROM portal_accounts WHERE email_hash = $1`, h)
		if err != nil {
			return fmt.Errorf("store: portal account: %w", err)
		}
		if len(as) == 1 && as[0].ClosedAt.IsZero() {
			a = as[0]
			return nil
		}
		if len(as) == 1 { // closed: the address may start again, from nothing
			if _, err := t.ExecContext(ctx, `DELETE FROM portal_accounts WHERE id = $1`, as[0].ID); err != nil {
				return fmt.Errorf("store: portal account: %w", err)
			}
		}
		a = &clinic.PortalAccount{Email: email, CreatedAt: t.now}
		return t.QueryRowContext(ctx, `INSERT INTO portal_accounts (email_hash, sealed, created_at) VALUES ($1, $2, $3) RETURNING id`,
			h, db.sealer.Seal([]byte(email)), t.d.timeArg(t.now)).Scan(&a.ID)
	})
	return a, err
}

// PortalAccount returns one account.
func (db *DB) PortalAccount(ctx context.Context, id int64) (*clinic.PortalAccount, error) {
	as, err := queryRows(ctx, db.read, db.scanPortalAccount, `SELECT `+portalColumns+` FROM portal_accounts WHERE id = $1`, id)
	return one(as, err, "portal account "+strconv.FormatInt(id, 10))
}

// QueuePortalLink queues a sign-in link to an account, to be written when
// it is sent.
func (db *DB) QueuePortalLink(ctx context.Context, accountID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, created_at, next_try_at)
			VALUES ($1, '', '', '', $2, $2)`, clinic.MailPortalLink+":"+strconv.FormatInt(accountID, 10), t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: queue a sign-in link: %w", err)
		}
		return nil
	})
}

// CreatePortalLink stores the hash of a sign-in link's token.
func (db *DB) CreatePortalLink(ctx context.Context, accountID int64, tokenHash string, expires time.Time) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO portal_links (token_hash, account_id, expires_at, created_at) VALUES ($1, $2, $3, $4)`,
			tokenHash, accountID, t.d.timeArg(expires), t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: create a sign-in link: %w", err)
		}
		return nil
	})
}

// UsePortalLink consumes a link once: the account's email is verified.
func (db *DB) UsePortalLink(ctx context.Context, tokenHash string, now time.Time) (*clinic.PortalAccount, error) {
	var a *clinic.PortalAccount
	err := db.inTx(ctx, now, func(t *tx) error {
		var id int64
		err := t.QueryRowContext(ctx, `UPDATE portal_links SET used_at = $2
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING account_id`,
			tokenHash, t.d.timeArg(t.now)).Scan(&id)
		if isNoRows(err) {
			return clinic.Errorf(clinic.ENotFound, "This sign-in link has expired or was used already. Please ask for a new one.")
		} else if err != nil {
			return fmt.Errorf("store: use a sign-in link: %w", err)
		}
		_, err = t.ExecContext(ctx, `UPDATE portal_accounts SET verified_at = coalesce(verified_at, $2) WHERE id = $1`, id, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: verify a portal account: %w", err)
		}
		as, err := queryRows(ctx, t, db.scanPortalAccount, `SELECT `+portalColumns+` FROM portal_accounts WHERE id = $1 AND closed_at IS NULL`, id)
		a, err = one(as, err, "portal account")
		return err
	})
	return a, err
}

// MatchPortalPatient links a verified account to the record with the
// account's email and the date of birth given (the record a merge led
// to), marking the record's email verified: an exact verified match.
func (db *DB) MatchPortalPatient(ctx context.Context, accountID int64, dateOfBirth string) (bool, error) {
	a, err := db.PortalAccount(ctx, accountID)
	if err != nil {
		return false, err
	}
	if a.VerifiedAt.IsZero() {
		return false, clinic.Errorf(clinic.EForbidden, "Please sign in with the link we email you first.")
	}
	h := db.patientHash(clinic.PatientDetails{Email: a.Email, DateOfBirth: dateOfBirth})
	ids, err := queryRows(ctx, db.read, scanInt64, `SELECT coalesce(merged_into, id) FROM patients WHERE identity_hash = $1 ORDER BY id LIMIT 1`, h)
	if err != nil || len(ids) == 0 {
		return false, err
	}
	if err := db.VerifyPatientEmail(ctx, ids[0]); err != nil {
		return false, err
	}
	root, err := db.Patient(ctx, ids[0])
	if err != nil {
		return false, err
	}
	pid := root.ID
	if root.MergedInto != 0 {
		pid = root.MergedInto // the verification merged it
	}
	return true, db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE portal_accounts SET patient_id = $2 WHERE id = $1`, accountID, pid)
		return err
	})
}
