package store

import (
	"context"
	"fmt"

	"clinic"
)

var _ clinic.PortalSettingsService = (*DB)(nil)

// PortalSettings returns what the portal offers.
func (db *DB) PortalSettings(ctx context.Context) (*clinic.PortalSettings, error) {
	ps := &clinic.PortalSettings{}
	err := db.read.QueryRowContext(ctx, `SELECT self_scheduling, messages, forms FROM portal_settings WHERE id = 1`).
		Scan(&ps.SelfScheduling, &ps.Messages, &ps.Forms)
	if err != nil {
		return nil, fmt.Errorf("store: portal settings: %w", err)
	}
	return ps, nil
}

// SavePortalSettings stores the portal's switches, with the audit event
// the context carries.
func (db *DB) SavePortalSettings(ctx context.Context, ps *clinic.PortalSettings) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE portal_settings SET self_scheduling = $1, messages = $2, forms = $3 WHERE id = 1`,
			boolInt(ps.SelfScheduling), boolInt(ps.Messages), boolInt(ps.Forms))
		if err != nil {
			return fmt.Errorf("store: save portal settings: %w", err)
		}
		return nil
	})
}
