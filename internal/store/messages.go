package store

import (
	"context"
	"fmt"
	"strconv"

	"clinic"
)

var _ clinic.MessageService = (*DB)(nil)

const threadColumns = `t.id, t.patient_id, t.sealed, t.urgent, t.assigned_to, COALESCE(u.name, ''), t.closed, t.from_patient, t.correction, t.created_at, t.updated_at`

const threadFrom = ` FROM message_threads t LEFT JOIN users u ON u.id = t.assigned_to`

func (db *DB) scanThread(s scanner) (*clinic.Thread, error) {
	t := &clinic.Thread{}
	var sealed []byte
	var assigned *int64
	err := s.Scan(&t.ID, &t.PatientID, &sealed, &t.Urgent, &assigned, &t.Assignee, &t.Closed, &t.FromPatient, &t.Correction, timeCol{&t.CreatedAt}, timeCol{&t.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if assigned != nil {
		t.AssignedTo = *assigned
	}
	subject, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: open thread %d: %w", t.ID, err)
	}
	t.Subject = string(subject)
	return t, nil
}

// StartThread stores a patient's new thread and its first message.
func (db *DB) StartThread(ctx context.Context, th *clinic.Thread, body string) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	th.Urgent = clinic.UrgentSigns(th.Subject) || clinic.UrgentSigns(body)
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `INSERT INTO message_threads (patient_id, sealed, urgent, correction, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`, th.PatientID, db.sealer.Seal([]byte(th.Subject)), boolInt(th.Urgent),
			boolInt(th.Correction), t.d.timeArg(t.now)).Scan(&th.ID)
		if err != nil {
			return fmt.Errorf("store: start a thread: %w", err)
		}
		th.CreatedAt, th.UpdatedAt, th.FromPatient = t.now, t.now, true
		recordCreated(ctx, "thread", th.ID)
		return t.insertMessage(ctx, &clinic.Message{ThreadID: th.ID, FromPatient: true, Body: body})
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (t *tx) insertMessage(ctx context.Context, m *clinic.Message) error {
	var author any
	if m.AuthorID != 0 {
		author = m.AuthorID
	}
	err := t.QueryRowContext(ctx, `INSERT INTO thread_messages (thread_id, from_patient, author_id, sealed, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, m.ThreadID, boolInt(m.FromPatient), author,
		t.db.sealer.Seal([]byte(m.Body)), t.d.timeArg(t.now)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("store: post a message: %w", err)
	}
	m.CreatedAt = t.now
	return nil
}

// PostMessage adds a message to one of the patient's threads. A
// patient's urgent words flag the thread; a staff message tells the
// patient, by an email that says only that there is a message.
func (db *DB) PostMessage(ctx context.Context, patientID int64, m *clinic.Message) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		urgent := m.FromPatient && clinic.UrgentSigns(m.Body)
		res, err := t.ExecContext(ctx, `UPDATE message_threads SET updated_at = $3, from_patient = $4, closed = 0,
				urgent = CASE WHEN $5 = 1 THEN 1 ELSE urgent END WHERE id = $1 AND patient_id = $2`,
			m.ThreadID, patientID, t.d.timeArg(t.now), boolInt(m.FromPatient), boolInt(urgent))
		if err := oneRow(res, err, "thread "+strconv.FormatInt(m.ThreadID, 10)); err != nil {
			return err
		}
		if err := t.insertMessage(ctx, m); err != nil {
			return err
		}
		if m.FromPatient {
			return nil
		}
		_, err = t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, created_at, next_try_at)
			VALUES ($1, '', '', '', $2, $2)`, clinic.MailPortalMessage+":"+strconv.FormatInt(patientID, 10), t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: queue a message notice: %w", err)
		}
		return nil
	})
}

// PatientThreads lists a patient's threads, newest first.
func (db *DB) PatientThreads(ctx context.Context, patientID int64) ([]*clinic.Thread, error) {
	ts, err := queryRows(ctx, db.read, db.scanThread, `SELECT `+threadColumns+threadFrom+`
		WHERE t.patient_id = $1 ORDER BY t.updated_at DESC, t.id DESC LIMIT 200`, patientID)
	return list(ts, err, "threads")
}

// Thread returns a thread with its messages, oldest first.
func (db *DB) Thread(ctx context.Context, id, patientID int64) (*clinic.Thread, error) {
	ts, err := queryRows(ctx, db.read, db.scanThread, `SELECT `+threadColumns+threadFrom+`
		WHERE t.id = $1 AND ($2 = 0 OR t.patient_id = $2)`, id, patientID)
	th, err := one(ts, err, "thread "+strconv.FormatInt(id, 10))
	if err != nil {
		return nil, err
	}
	th.Messages, err = queryRows(ctx, db.read, db.scanMessage, `SELECT m.id, m.thread_id, m.from_patient, COALESCE(m.author_id, 0),
		COALESCE(u.name, ''), m.sealed, m.created_at FROM thread_messages m LEFT JOIN users u ON u.id = m.author_id
		WHERE m.thread_id = $1 ORDER BY m.id`, id)
	return th, err
}

func (db *DB) scanMessage(s scanner) (*clinic.Message, error) {
	m := &clinic.Message{}
	var sealed []byte
	if err := s.Scan(&m.ID, &m.ThreadID, &m.FromPatient, &m.AuthorID, &m.Author, &sealed, timeCol{&m.CreatedAt}); err != nil {
		return nil, err
	}
	body, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: open message %d: %w", m.ID, err)
	}
	m.Body = string(body)
	return m, nil
}

// Inbox lists the open threads for the care team: urgent first, then
// those awaiting an answer, oldest first.
func (db *DB) Inbox(ctx context.Context, userID int64) ([]*clinic.Thread, error) {
	ts, err := queryRows(ctx, db.read, db.scanThread, `SELECT `+threadColumns+threadFrom+`
		WHERE t.closed = 0 AND ($1 = 0 OR t.assigned_to = $1)
		ORDER BY t.urgent DESC, t.from_patient DESC, t.updated_at, t.id LIMIT 500`, userID)
	return list(ts, err, "inbox")
}

// AssignThread names who on the care team answers a thread; 0 for no one.
func (db *DB) AssignThread(ctx context.Context, id, userID int64) error {
	var who any
	if userID != 0 {
		who = userID
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE message_threads SET assigned_to = $2 WHERE id = $1`, id, who)
		if err != nil && isForeignKey(err) {
			return clinic.Errorf(clinic.EInvalid, "There is no such user.")
		}
		return oneRow(res, err, "thread "+strconv.FormatInt(id, 10))
	})
}
