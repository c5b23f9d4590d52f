package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

var _ clinic.TriageService = (*DB)(nil)

// AttachTriage keeps a person's answers to "Diagnose my pain" with the
// appointment they booked from the result, sealed; a second set replaces
// the first.
func (db *DB) AttachTriage(ctx context.Context, appointmentID int64, answers map[string][]string) error {
	sealed, err := db.sealTriage(answers)
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM triage_results WHERE appointment_id = $1`, appointmentID); err != nil {
			return fmt.Errorf("store: attach triage: %w", err)
		}
		_, err := t.ExecContext(ctx, `INSERT INTO triage_results (appointment_id, sealed, created_at) VALUES ($1, $2, $3)`,
			appointmentID, sealed, t.d.timeArg(t.now))
		if err != nil && isForeignKey(err) {
			return notFound("appointment " + strconv.FormatInt(appointmentID, 10))
		}
		if err != nil {
			return fmt.Errorf("store: attach triage: %w", err)
		}
		return nil
	})
}

// AppointmentTriage returns the answers kept with an appointment.
func (db *DB) AppointmentTriage(ctx context.Context, appointmentID int64) (*clinic.TriageRecord, error) {
	return db.triageWhere(ctx, "appointment_id", appointmentID)
}

// MessageTriage returns the answers kept with a call-back request.
func (db *DB) MessageTriage(ctx context.Context, messageID int64) (*clinic.TriageRecord, error) {
	return db.triageWhere(ctx, "message_id", messageID)
}

// triageWhere reads the one triage result whose column col is id; col is
// one of two names above, never input.
func (db *DB) triageWhere(ctx context.Context, col string, id int64) (*clinic.TriageRecord, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	rec := &clinic.TriageRecord{}
	var appt, msg *int64
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT id, appointment_id, message_id, sealed, created_at FROM triage_results
		WHERE `+col+` = $1`, id).Scan(&rec.ID, &appt, &msg, &sealed, timeCol{&rec.CreatedAt})
	if isNoRows(err) {
		return nil, notFound("answers of " + col + " " + strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, fmt.Errorf("store: triage result: %w", err)
	}
	if appt != nil {
		rec.AppointmentID = *appt
	}
	if msg != nil {
		rec.MessageID = *msg
	}
	if rec.Answers, err = db.openTriage(sealed); err != nil {
		return nil, fmt.Errorf("store: triage result %d: %w", rec.ID, err)
	}
	return rec, nil
}

// CreateTriageLead stores a call-back request from the result of
// "Diagnose my pain" as a contact message for the front desk, with the
// answers, sealed alike, in one transaction under the contact form's
// flood limit, and queues the staff notice.
func (db *DB) CreateTriageLead(ctx context.Context, m *clinic.ContactMessage, answers map[string][]string, now time.Time) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	sealedAnswers, err := db.sealTriage(answers)
	if err != nil {
		return err
	}
	hash := db.sealer.Hash(m.ClientAddr)
	plain, err := json.Marshal(contactPHI{Name: m.Name, Email: m.Email, Phone: m.Phone, Message: m.Message})
	if err != nil {
		return fmt.Errorf("store: create triage lead: %w", err)
	}
	return db.inTx(ctx, normTime(db.nowOr(now)), func(t *tx) error {
		if err := t.lock(ctx, "contact "+hash); err != nil {
			return err
		}
		if err := t.checkFlood(ctx, hash); err != nil {
			return err
		}
		var id int64
		err := t.QueryRowContext(ctx, `INSERT INTO contact_messages (client_hash, sealed, status, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, hash, db.sealer.Seal(plain), clinic.LeadNew, t.d.timeArg(t.now)).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create triage lead: %w", err)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO triage_results (message_id, sealed, created_at) VALUES ($1, $2, $3)`,
			id, sealedAnswers, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: create triage lead: %w", err)
		}
		if err := t.queueContactNotice(ctx, id); err != nil {
			return err
		}
		m.ID, m.Status, m.CreatedAt = id, clinic.LeadNew, t.now
		return nil
	})
}

func (db *DB) sealTriage(answers map[string][]string) ([]byte, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	if len(answers) == 0 {
		return nil, clinic.Errorf(clinic.EInvalid, "There are no answers to keep.")
	}
	plain, err := json.Marshal(answers)
	if err != nil {
		return nil, fmt.Errorf("store: seal answers: %w", err)
	}
	return db.sealer.Seal(plain), nil
}

func (db *DB) openTriage(sealed []byte) (map[string][]string, error) {
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, err
	}
	var answers map[string][]string
	if err := json.Unmarshal(plain, &answers); err != nil {
		return nil, err
	}
	return answers, nil
}
