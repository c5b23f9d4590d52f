package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

var _ clinic.PasskeyService = (*DB)(nil)

// PasskeyHandle returns the account's user handle for the relying party,
// made at random (32 bytes) the first time.
func (db *DB) PasskeyHandle(ctx context.Context, rpID string, accountID int64) ([]byte, error) {
	var h []byte
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "passkey handle "+strconv.FormatInt(accountID, 10)); err != nil {
			return err
		}
		err := t.QueryRowContext(ctx, `SELECT handle FROM portal_passkey_users WHERE rp_id = $1 AND account_id = $2`, rpID, accountID).Scan(&h)
		if !isNoRows(err) {
			return err
		}
		h = make([]byte, 32)
		rand.Read(h)
		_, err = t.ExecContext(ctx, `INSERT INTO portal_passkey_users (rp_id, account_id, handle) VALUES ($1, $2, $3)`, rpID, accountID, h)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: passkey handle: %w", err)
	}
	return h, nil
}

// PasskeyAccount returns the open account of a user handle.
func (db *DB) PasskeyAccount(ctx context.Context, rpID string, handle []byte) (*clinic.PortalAccount, error) {
	as, err := queryRows(ctx, db.read, db.scanPortalAccount, `SELECT `+portalColumns+` FROM portal_accounts
		WHERE closed_at IS NULL AND id = (SELECT account_id FROM portal_passkey_users WHERE rp_id = $1 AND handle = $2)`, rpID, handle)
	return one(as, err, "passkey")
}

// passkeySealed is what a passkey row keeps sealed: its name and the
// library's record.
type passkeySealed struct {
	Name   string `json:"name"`
	Record []byte `json:"record"`
}

func (db *DB) scanPasskey(s scanner) (*clinic.Passkey, error) {
	p := &clinic.Passkey{}
	var sealed []byte
	if err := s.Scan(&p.ID, &p.AccountID, &p.RPID, &p.CredentialID, &sealed, timeCol{&p.CreatedAt}, timeCol{&p.LastUsedAt}); err != nil {
		return nil, err
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: open passkey %d: %w", p.ID, err)
	}
	var v passkeySealed
	if err := json.Unmarshal(plain, &v); err != nil {
		return nil, fmt.Errorf("store: read passkey %d: %w", p.ID, err)
	}
	p.Name, p.Record = v.Name, v.Record
	return p, nil
}

func (db *DB) sealPasskey(p *clinic.Passkey) []byte {
	b, _ := json.Marshal(passkeySealed{Name: p.Name, Record: p.Record})
	return db.sealer.Seal(b)
}

const passkeyColumns = `id, account_id, rp_id, credential_id, sealed, created_at, last_used_at`

// Passkeys lists an account's passkeys for the relying party, oldest first.
func (db *DB) Passkeys(ctx context.Context, rpID string, accountID int64) ([]*clinic.Passkey, error) {
	ps, err := queryRows(ctx, db.read, db.scanPasskey, `SELECT `+passkeyColumns+` FROM portal_passkeys
		WHERE rp_id = $1 AND account_id = $2 ORDER BY id`, rpID, accountID)
	return list(ps, err, "passkeys")
}

// AddPasskey stores a new passkey of an account.
func (db *DB) AddPasskey(ctx context.Context, p *clinic.Passkey) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		p.CreatedAt = t.now
		err := t.QueryRowContext(ctx, `INSERT INTO portal_passkeys (account_id, rp_id, credential_id, sealed, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, p.AccountID, p.RPID, p.CredentialID, db.sealPasskey(p), t.d.timeArg(t.now)).Scan(&p.ID)
		if isUnique(err) {
			return clinic.Errorf(clinic.EConflict, "This passkey is saved already.")
		} else if err != nil {
			return fmt.Errorf("store: add a passkey: %w", err)
		}
		recordCreated(ctx, "passkey", p.ID)
		return nil
	})
}

// PasskeyUsed stores a passkey's record after a sign-in: its sign count
// and flags change.
func (db *DB) PasskeyUsed(ctx context.Context, id int64, record []byte) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		ps, err := queryRows(ctx, t, db.scanPasskey, `SELECT `+passkeyColumns+` FROM portal_passkeys WHERE id = $1`, id)
		p, err := one(ps, err, "passkey "+strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		p.Record = record
		_, err = t.ExecContext(ctx, `UPDATE portal_passkeys SET sealed = $2, last_used_at = $3 WHERE id = $1`, id, db.sealPasskey(p), t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: passkey used: %w", err)
		}
		return nil
	})
}

// DeletePasskey removes one of the account's passkeys.
func (db *DB) DeletePasskey(ctx context.Context, accountID, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `DELETE FROM portal_passkeys WHERE id = $1 AND account_id = $2`, id, accountID)
		if err != nil {
			return fmt.Errorf("store: remove a passkey: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.ENotFound, "There is no such passkey.")
		}
		return nil
	})
}

// SaveCeremony keeps a ceremony's challenge until it is taken or
// expires; expired ones are cleared on the way.
func (db *DB) SaveCeremony(ctx context.Context, c *clinic.Ceremony) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM portal_ceremonies WHERE expires_at <= $1`, t.d.timeArg(t.now)); err != nil {
			return fmt.Errorf("store: clear ceremonies: %w", err)
		}
		var session any
		if c.SessionID != 0 {
			session = c.SessionID
		}
		_, err := t.ExecContext(ctx, `INSERT INTO portal_ceremonies (token_hash, kind, session_id, sealed, expires_at) VALUES ($1, $2, $3, $4, $5)`,
			c.TokenHash, c.Kind, session, db.sealer.Seal(c.Data), t.d.timeArg(c.Expires))
		if err != nil {
			return fmt.Errorf("store: save a ceremony: %w", err)
		}
		return nil
	})
}

// TakeCeremony returns a live ceremony of kind and deletes it, in one
// statement: two requests with the same token cannot both have it.
func (db *DB) TakeCeremony(ctx context.Context, tokenHash, kind string, now time.Time) (*clinic.Ceremony, error) {
	c := &clinic.Ceremony{TokenHash: tokenHash, Kind: kind}
	err := db.inTx(ctx, now, func(t *tx) error {
		var session *int64
		var sealed []byte
		err := t.QueryRowContext(ctx, `DELETE FROM portal_ceremonies WHERE token_hash = $1 RETURNING kind, session_id, sealed, expires_at`, tokenHash).
			Scan(&c.Kind, &session, &sealed, timeCol{&c.Expires})
		if isNoRows(err) {
			return notFound("ceremony")
		} else if err != nil {
			return fmt.Errorf("store: take a ceremony: %w", err)
		}
		if c.Kind != kind || !t.now.Before(c.Expires) {
			return notFound("ceremony")
		}
		if session != nil {
			c.SessionID = *session
		}
		if c.Data, err = db.sealer.Open(sealed); err != nil {
			return fmt.Errorf("store: open a ceremony: %w", err)
		}
		return nil
	})
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, clinic.Errorf(clinic.ENotFound, "That took too long, or was done already. Please try again.")
	}
	return c, err
}
