package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"clinic"
)

var (
	_ clinic.LeadService = (*DB)(nil)
	_ clinic.Mailer      = (*DB)(nil)
)

// ContactMessages returns a page of contact messages, decrypted, newest
// first, and how many have the status. A limit of zero reads no message,
// only the count.
func (db *DB) ContactMessages(ctx context.Context, status string, limit, offset int) ([]*clinic.ContactMessage, int, error) {
	if db.sealer == nil {
		return nil, 0, errNoSealer()
	}
	where, args := "", []any{}
	if status != "" {
		where, args = ` WHERE status = $1`, append(args, status)
	}
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM contact_messages`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count contact messages: %w", err)
	}
	if limit <= 0 {
		return nil, total, nil // only the count was asked for
	}
	q := fmt.Sprintf(`SELECT id, sealed, status, created_at FROM contact_messages%s
		ORDER BY created_at DESC, id DESC LIMIT %d OFFSET %d`, where, limit, max(offset, 0))
	ms, err := queryRows(ctx, db.read, db.scanContact, q, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: contact messages: %w", err)
	}
	return ms, total, nil
}

// scanContact reads id, sealed, status and created_at and unseals.
func (db *DB) scanContact(r scanner) (*clinic.ContactMessage, error) {
	m := &clinic.ContactMessage{}
	var sealed []byte
	if err := r.Scan(&m.ID, &sealed, &m.Status, timeCol{&m.CreatedAt}); err != nil {
		return nil, err
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("contact message %d: %w", m.ID, err)
	}
	var phi contactPHI
	if err := json.Unmarshal(plain, &phi); err != nil {
		return nil, fmt.Errorf("contact message %d: %w", m.ID, err)
	}
	m.Name, m.Email, m.Phone, m.Message = phi.Name, phi.Email, phi.Phone, phi.Message
	return m, nil
}

// SetLeadStatus changes the status of a contact message.
func (db *DB) SetLeadStatus(ctx context.Context, id int64, status string) error {
	if !clinic.ValidLeadStatus(status) {
		return clinic.Errorf(clinic.EInvalid, "Please choose a status: new, in progress or done.")
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE contact_messages SET status = $2 WHERE id = $1`, id, status)
		if err != nil {
			return fmt.Errorf("store: set lead status: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("contact message %d", id))
		}
		return nil
	})
}

// AddLeadNote stores a note, sealed, and sets its ID and time.
func (db *DB) AddLeadNote(ctx context.Context, n *clinic.LeadNote) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	n.Text = strings.TrimSpace(strings.ReplaceAll(n.Text, "\r\n", "\n"))
	switch {
	case n.Text == "" || !utf8.ValidString(n.Text):
		return clinic.Errorf(clinic.EInvalid, "Please write the note.")
	case utf8.RuneCountInString(n.Text) > clinic.MaxNoteLen:
		return clinic.Errorf(clinic.EInvalid, "Please shorten the note to at most %d characters.", clinic.MaxNoteLen)
	}
	sealed := db.sealer.Seal([]byte(n.Text))
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `INSERT INTO lead_notes (message_id, author_id, sealed, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, n.MessageID, n.AuthorID, sealed, t.d.timeArg(t.now)).Scan(&n.ID)
		if err != nil {
			if isForeignKey(err) {
				return notFound(fmt.Sprintf("contact message %d", n.MessageID))
			}
			return fmt.Errorf("store: add lead note: %w", err)
		}
		n.CreatedAt = t.now
		return nil
	})
}

// LeadNotes returns the notes on a message, oldest first.
func (db *DB) LeadNotes(ctx context.Context, messageID int64) ([]*clinic.LeadNote, error) {
	ns, err := queryRows(ctx, db.read, func(r scanner) (*clinic.LeadNote, error) {
		n := &clinic.LeadNote{}
		var sealed []byte
		if err := r.Scan(&n.ID, &n.MessageID, &n.AuthorID, &n.Author, &sealed, timeCol{&n.CreatedAt}); err != nil {
			return nil, err
		}
		plain, err := db.sealer.Open(sealed)
		n.Text = string(plain)
		return n, err
	}, `SELECT n.id, n.message_id, n.author_id, u.name, n.sealed, n.created_at
		FROM lead_notes n JOIN users u ON u.id = n.author_id
		WHERE n.message_id = $1 ORDER BY n.id`, messageID)
	return list(ns, err, "lead notes")
}

// QueueMail puts an email in the outbox, due now; a secret body sealed.
func (db *DB) QueueMail(ctx context.Context, m *clinic.OutboxMessage) error {
	body, sealed := m.Body, []byte(nil)
	if m.Secret {
		if db.sealer == nil {
			return errNoSealer()
		}
		body, sealed = "", db.sealer.Seal([]byte(m.Body))
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, body_sealed, created_at, next_try_at)
			VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
			m.Kind, m.To, m.Subject, body, sealed, t.d.timeArg(t.now)).Scan(&m.ID)
		if err != nil {
			return fmt.Errorf("store: queue mail: %w", err)
		}
		m.CreatedAt, m.NextTryAt = t.now, t.now
		return nil
	})
}
