package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

// contactPHI is what a contact message holds that identifies a person or
// their health. It is stored only sealed.
type contactPHI struct {
	Name    string `json:"name"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
	Message string `json:"message"`
}

// errNoSealer is the error of the intake methods of a DB opened without a
// Sealer.
func errNoSealer() error {
	return errors.New("store: no sealer: protected health information cannot be stored or read")
}

// CreateContactMessage stores m, sealed, and queues a notice for staff,
// in one transaction. It fails with ETooMany when m's client address sent
// clinic.ContactFlood messages within clinic.ContactFloodWindow before
// now. It sets m's ID, Status and CreatedAt.
func (db *DB) CreateContactMessage(ctx context.Context, m *clinic.ContactMessage, now time.Time) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	hash := db.sealer.Hash(m.ClientAddr)
	plain, err := json.Marshal(contactPHI{Name: m.Name, Email: m.Email, Phone: m.Phone, Message: m.Message})
	if err != nil {
		return fmt.Errorf("store: create contact message: %w", err)
	}
	sealed := db.sealer.Seal(plain)
	return db.inTx(ctx, normTime(db.nowOr(now)), func(t *tx) error {
		if err := t.lock(ctx, "contact "+hash); err != nil {
			return err
		}
		if err := t.checkFlood(ctx, hash); err != nil {
			return err
		}
		var id int64
		err := t.QueryRowContext(ctx, `INSERT INTO contact_messages (client_hash, sealed, status, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, hash, sealed, clinic.LeadNew, t.d.timeArg(t.now)).Scan(&id)
		if err != nil {
			return fmt.Errorf("store: create contact message: %w", err)
		}
		if err := t.queueContactNotice(ctx, id); err != nil {
			return err
		}
		m.ID, m.Status, m.CreatedAt = id, clinic.LeadNew, t.now
		return nil
	})
}

// checkFlood fails with ETooMany when the client with the given hash sent
// too many messages lately.
func (t *tx) checkFlood(ctx context.Context, hash string) error {
	var n int
	err := t.QueryRowContext(ctx, `SELECT count(*) FROM contact_messages
		WHERE client_hash = $1 AND created_at > $2`,
		hash, t.d.timeArg(t.now.Add(-clinic.ContactFloodWindow))).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: count contact messages: %w", err)
	}
	if n >= clinic.ContactFlood {
		return clinic.Errorf(clinic.ETooMany,
			"We have received several messages from you in the last hour. Please call us, or try again later.")
	}
	return nil
}

// queueContactNotice tells staff at the clinic's address that message id
// arrived, and where to read it; the notice itself holds no PHI.
func (t *tx) queueContactNotice(ctx context.Context, id int64) error {
	var to string
	if err := t.QueryRowContext(ctx, `SELECT email FROM settings WHERE id = 1`).Scan(&to); err != nil {
		return fmt.Errorf("store: contact notice address: %w", err)
	}
	body := "A new message arrived through the contact form of the website.\n\n" +
		"Read it in the back office: /admin/leads/" + strconv.FormatInt(id, 10) + "\n"
	_, err := t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, created_at, next_try_at)
		VALUES ($1, $2, $3, $4, $5, $5)`,
		clinic.MailContactNotice, to, "New message from the website", body, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: queue contact notice: %w", err)
	}
	return nil
}

// ContactMessage returns the contact message with the given id,
// decrypted. Its ClientAddr is empty: only a hash of it is stored.
func (db *DB) ContactMessage(ctx context.Context, id int64) (*clinic.ContactMessage, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	m := &clinic.ContactMessage{}
	var sealed []byte
	err := db.read.QueryRowContext(ctx, `SELECT id, sealed, status, created_at
		FROM contact_messages WHERE id = $1`, id).Scan(&m.ID, &sealed, &m.Status, timeCol{&m.CreatedAt})
	if isNoRows(err) {
		return nil, notFound("contact message " + strconv.FormatInt(id, 10))
	}
	if err != nil {
		return nil, fmt.Errorf("store: contact message %d: %w", id, err)
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: contact message %d: %w", id, err)
	}
	var phi contactPHI
	if err := json.Unmarshal(plain, &phi); err != nil {
		return nil, fmt.Errorf("store: contact message %d: %w", id, err)
	}
	m.Name, m.Email, m.Phone, m.Message = phi.Name, phi.Email, phi.Phone, phi.Message
	return m, nil
}

// OutboxPending returns up to limit messages neither sent nor given up,
// the one due first first.
func (db *DB) OutboxPending(ctx context.Context, limit int) ([]*clinic.OutboxMessage, error) {
	ms, err := queryRows(ctx, db.read, db.scanOutbox, `SELECT `+outboxColumns+` FROM outbox
		WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY next_try_at, id LIMIT $1`, limit)
	return list(ms, err, "pending outbox")
}
