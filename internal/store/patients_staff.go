package store

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"strconv"
	"strings"

	"clinic"
)

// ProviderDoctor returns the doctor page a staff account is linked to,
// or "" for none.
func (db *DB) ProviderDoctor(ctx context.Context, userID int64) (string, error) {
	slugs, err := queryRows(ctx, db.read, scanString, `SELECT doctor_slug FROM user_doctors WHERE user_id = $1`, userID)
	if err != nil {
		return "", fmt.Errorf("store: provider's doctor page: %w", err)
	}
	if len(slugs) == 0 {
		return "", nil
	}
	return slugs[0], nil
}

// SetProviderDoctor links a staff account to a doctor page, or unlinks
// it for "". A page is linked to one account at most (EConflict).
func (db *DB) SetProviderDoctor(ctx context.Context, userID int64, slug string) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM user_doctors WHERE user_id = $1`, userID); err != nil {
			return fmt.Errorf("store: unlink doctor page: %w", err)
		}
		if slug == "" {
			return nil
		}
		_, err := t.ExecContext(ctx, `INSERT INTO user_doctors (user_id, doctor_slug) VALUES ($1, $2)`, userID, slug)
		switch {
		case err == nil:
			return nil
		case isUnique(err):
			return clinic.Errorf(clinic.EConflict, "That doctor page is already linked to another account.")
		case isForeignKey(err):
			return clinic.Errorf(clinic.EInvalid, "There is no such doctor page or user.")
		}
		return fmt.Errorf("store: link doctor page: %w", err)
	})
}

// ProviderSeesPatient reports whether a record (or one merged into it)
// is the provider's own patient: booked with their doctor page, or an MRI
// review assigned to them.
func (db *DB) ProviderSeesPatient(ctx context.Context, userID int64, doctor string, patientID int64) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM appointments WHERE provider_slug = $2 AND patient_id IN (SELECT id FROM patients WHERE id = $3 OR merged_into = $3))
			+ (SELECT count(*) FROM review_requests WHERE assigned_to = $1 AND patient_id IN (SELECT id FROM patients WHERE id = $3 OR merged_into = $3))`,
		userID, doctor, patientID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("store: provider's patient: %w", err)
	}
	return n > 0, nil
}

// ChartBookingKey is the idempotency key of a booking the front desk
// makes from a patient's chart: it names the record, signed with the
// store's hashing key, so that the booking is linked to that record and
// no other, and no form can claim a record it was not given.
func (db *DB) ChartBookingKey(patientID int64) string {
	id := strconv.FormatInt(patientID, 10)
	nonce := rand.Text()[:12]
	return "p" + id + "." + nonce + "." + db.sealer.Hash("chart booking " + id + "." + nonce)[:24]
}

// chartKeyPatient is the record a chart booking's key names, or 0.
func (db *DB) chartKeyPatient(key string) int64 {
	parts := strings.Split(strings.TrimPrefix(key, "p"), ".")
	if !strings.HasPrefix(key, "p") || len(parts) != 3 {
		return 0
	}
	id, err := strconv.ParseInt(parts[0], 10, 64)
	want := db.sealer.Hash("chart booking " + parts[0] + "." + parts[1])[:24]
	if err != nil || id <= 0 || subtle.ConstantTimeCompare([]byte(want), []byte(parts[2])) != 1 {
		return 0
	}
	return id
}
