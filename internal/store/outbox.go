package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"clinic"
)

var _ clinic.Outbox = (*DB)(nil)

const outboxColumns = `id, kind, to_addr, subject, body, appointment_id, created_at, next_try_at,
	attempts, sent_at, failed_at, last_error, body_sealed, waitlist_id, review_id`

// forgetSecret erases the sealed body of a message that is sent or given
// up, as part of an UPDATE's SET list.
const forgetSecret = `body_sealed = NULL`

// scanOutbox reads a message; a sealed body is opened into Body.
func (db *DB) scanOutbox(s scanner) (*clinic.OutboxMessage, error) {
	m := &clinic.OutboxMessage{}
	var appt, entry, review *int64
	var sealed []byte
	err := s.Scan(&m.ID, &m.Kind, &m.To, &m.Subject, &m.Body, &appt, timeCol{&m.CreatedAt}, timeCol{&m.NextTryAt},
		&m.Attempts, timeCol{&m.SentAt}, timeCol{&m.FailedAt}, &m.LastError, &sealed, &entry, &review)
	if err != nil {
		return nil, err
	}
	if review != nil {
		m.Review = *review
	}
	if appt != nil {
		m.Appointment = *appt
	}
	if entry != nil {
		m.Waitlist = *entry
	}
	if sealed != nil {
		body, err := db.sealer.Open(sealed)
		if err != nil {
			return nil, fmt.Errorf("store: open outbox message %d: %w", m.ID, err)
		}
		m.Body, m.Secret = string(body), true
	}
	return m, nil
}

// queueAppointmentMail queues a message of the given kind about a, due
// now, and for a new time its reminders. A block of time and a patient
// without an email address get none. The message names the appointment
// only: its text is written when it is sent.
func (t *tx) queueAppointmentMail(ctx context.Context, a *clinic.Appointment, kind string) error {
	if a.Type == clinic.BlockType || a.Patient.Email == "" {
		return nil
	}
	if !a.HeldUntil.IsZero() {
		// A hold gets the offer; its confirmation and reminders come when
		// the patient takes it, and a hold that lapses is not news.
		if kind != clinic.MailBooked {
			return nil
		}
		kind = clinic.MailOffer
	}
	if err := t.queueAbout(ctx, a.ID, kind, t.now); err != nil {
		return err
	}
	if kind != clinic.MailBooked && kind != clinic.MailMoved {
		return nil
	}
	for _, before := range t.db.reminders {
		if due := a.Start.Add(-before); due.After(t.now) {
			if err := t.queueAbout(ctx, a.ID, clinic.MailReminder, due); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *tx) queueAbout(ctx context.Context, appt int64, kind string, due time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, appointment_id, created_at, next_try_at)
		VALUES ($1, '', '', '', $2, $3, $4)`, kind, appt, t.d.timeArg(t.now), t.d.timeArg(due))
	if err != nil {
		return fmt.Errorf("store: queue %s: %w", kind, err)
	}
	return nil
}

// withdrawReminders gives up the messages about an appointment that a
// change makes stale, saying why: its reminders and any earlier notice of
// a move, and when it ends, every message but the cancellation. One a
// worker is sending right now goes out.
func (t *tx) withdrawReminders(ctx context.Context, appt int64, why string, ended bool) error {
	_, err := t.ExecContext(ctx, `UPDATE outbox SET failed_at = $3, last_error = $4
		WHERE appointment_id = $1 AND sent_at IS NULL AND failed_at IS NULL AND claimed_until IS NULL
			AND (kind IN ($2, $5) OR ($6 AND kind <> $7))`,
		appt, clinic.MailReminder, t.d.timeArg(t.now), "not sent: "+why, clinic.MailMoved, ended, clinic.MailCancelled)
	if err != nil {
		return fmt.Errorf("store: withdraw reminders: %w", err)
	}
	return nil
}

// AppointmentMail returns the messages about an appointment, oldest
// first.
func (db *DB) AppointmentMail(ctx context.Context, id int64) ([]*clinic.OutboxMessage, error) {
	ms, err := queryRows(ctx, db.read, db.scanOutbox, `SELECT `+outboxColumns+` FROM outbox
		WHERE appointment_id = $1 ORDER BY next_try_at, id`, id)
	return list(ms, err, "appointment mail")
}

// interrupted is why a claim that outlived its lease is given up: the
// worker stopped while sending, and the message may have gone out.
const interrupted = "interrupted while sending; not tried again, so that it is never sent twice"

// ClaimMail takes up to n messages due at now that no worker holds and
// holds them until now+lease. On PostgreSQL rows another instance is
// claiming are skipped; on SQLite one writer claims at a time.
func (db *DB) ClaimMail(ctx context.Context, now time.Time, n int, lease time.Duration) ([]*clinic.OutboxMessage, error) {
	var ms []*clinic.OutboxMessage
	err := db.inTx(ctx, now, func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE outbox SET failed_at = $1, claimed_until = NULL, last_error = $2, `+forgetSecret+`
			WHERE claimed_until < $1 AND sent_at IS NULL AND failed_at IS NULL`, t.d.timeArg(t.now), interrupted)
		if err != nil {
			return fmt.Errorf("store: give up interrupted mail: %w", err)
		}
		ms, err = queryRows(ctx, t, db.scanOutbox, `UPDATE outbox SET claimed_until = $2, attempts = attempts + 1
			WHERE id IN (SELECT id FROM outbox
				WHERE sent_at IS NULL AND failed_at IS NULL AND claimed_until IS NULL AND next_try_at <= $1
				ORDER BY next_try_at, id LIMIT $3`+t.d.skipLocked+`)
			RETURNING `+outboxColumns, t.d.timeArg(t.now), t.d.timeArg(t.now.Add(lease)), n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: claim mail: %w", err)
	}
	return ms, nil
}

// MailSent marks a message sent, also one whose claim ran out meanwhile:
// it did go out.
func (db *DB) MailSent(ctx context.Context, id int64, at time.Time) error {
	return db.release(ctx, id, `sent_at = $2, failed_at = NULL, last_error = '', `+forgetSecret, `sent_at IS NULL`, db.d.timeArg(at))
}

// MailFailed records a failed attempt at sending a claimed message: it is
// due again at retry, or given up when retry is zero.
func (db *DB) MailFailed(ctx context.Context, id int64, at, retry time.Time, reason string) error {
	if len(reason) > 500 {
		reason = strings.ToValidUTF8(reason[:500], "")
	}
	if retry.IsZero() {
		return db.release(ctx, id, `failed_at = $2, last_error = $3, `+forgetSecret, claimed, db.d.timeArg(at), reason)
	}
	if retry.Before(at) {
		retry = at
	}
	return db.release(ctx, id, `next_try_at = $2, last_error = $3`, claimed, db.d.timeArg(retry), reason)
}

const claimed = `claimed_until IS NOT NULL AND failed_at IS NULL`

// release ends the claim on message id, if the row matches where, with
// the change set, whose arguments start at $2.
func (db *DB) release(ctx context.Context, id int64, set, where string, args ...any) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE outbox SET claimed_until = NULL, `+set+`
			WHERE id = $1 AND `+where, append([]any{id}, args...)...)
		if err != nil {
			return fmt.Errorf("store: outbox %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.EConflict, "outbox message %d is not held for sending", id)
		}
		return nil
	})
}
