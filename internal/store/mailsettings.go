package store

import (
	"context"
	"fmt"

	"clinic"
)

var _ clinic.MailSettingsService = (*DB)(nil)

// MailSettings returns the SMTP settings, the password unsealed.
func (db *DB) MailSettings(ctx context.Context) (*clinic.MailSettings, error) {
	m := &clinic.MailSettings{}
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT host, port, username, password, security, from_addr, updated_at
		FROM mail_settings WHERE id = 1`).Scan(&m.Host, &m.Port, &m.Username, &sealed, &m.Security, &m.From, timeCol{&m.UpdatedAt})
	if err != nil {
		return nil, fmt.Errorf("store: mail settings: %w", err)
	}
	if len(sealed) > 0 {
		if db.sealer == nil {
			return nil, errNoSealer()
		}
		plain, err := db.sealer.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("store: mail settings: %w", err)
		}
		m.Password = string(plain)
	}
	return m, nil
}

// SaveMailSettings stores the SMTP settings. The password is sealed; an
// empty one keeps the password stored. The caller validates.
func (db *DB) SaveMailSettings(ctx context.Context, m *clinic.MailSettings) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE mail_settings SET host = $1, port = $2, username = $3, security = $4,
			from_addr = $5, updated_at = $6 WHERE id = 1`, m.Host, m.Port, m.Username, m.Security, m.From, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: save mail settings: %w", err)
		}
		if m.ForgetPassword {
			if _, err := t.ExecContext(ctx, `UPDATE mail_settings SET password = NULL WHERE id = 1`); err != nil {
				return fmt.Errorf("store: save mail settings: %w", err)
			}
		} else if m.Password != "" {
			if _, err := t.ExecContext(ctx, `UPDATE mail_settings SET password = $1 WHERE id = 1`, db.sealer.Seal([]byte(m.Password))); err != nil {
				return fmt.Errorf("store: save mail settings: %w", err)
			}
		}
		m.UpdatedAt = t.now
		return nil
	})
}
