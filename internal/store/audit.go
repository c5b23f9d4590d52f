package store

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"clinic"
)

var _ clinic.AuditService = (*DB)(nil)

const auditColumns = `id, at, actor_id, actor, action, record, address, outcome, detail, prev_hash, hash`

func scanAudit(r scanner) (*clinic.AuditEvent, error) {
	var e clinic.AuditEvent
	err := r.Scan(&e.ID, timeCol{&e.At}, &e.ActorID, &e.Actor, &e.Action, &e.Record, &e.Address,
		&e.Outcome, &e.Detail, &e.PrevHash, &e.Hash)
	return &e, err
}

// Audit appends e to the log. The append takes the log's lock, reads the
// last event's hash and writes e with the next ID, so the chain has no
// forks even with several instances writing at once.
func (db *DB) Audit(ctx context.Context, e *clinic.AuditEvent) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		return t.appendAudit(ctx, e)
	})
}

// appendAudit takes the log's lock and writes e as the next event. The
// lock is the last one a transaction takes, so no two transactions wait
// for each other through it.
func (t *tx) appendAudit(ctx context.Context, e *clinic.AuditEvent) error {
	if err := t.lock(ctx, "audit"); err != nil {
		return err
	}
	if e.Outcome == "" {
		e.Outcome = clinic.AuditOK
	}
	// Whatever a request put in them, events stay small.
	e.Actor, e.Record, e.Detail = clip(e.Actor, 254), clip(e.Record, 200), clip(e.Detail, 200)
	e.Action, e.Address = clip(e.Action, 64), clip(e.Address, 64)
	var last int64
	var prev string
	err := t.QueryRowContext(ctx, `SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !isNoRows(err) {
		return fmt.Errorf("store: audit: %w", err)
	}
	e.ID, e.At, e.PrevHash = last+1, t.now, prev
	e.Hash = t.db.auditHash(e)
	_, err = t.ExecContext(ctx, `INSERT INTO audit_events (`+auditColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		e.ID, t.d.timeArg(e.At), e.ActorID, e.Actor, e.Action, e.Record, e.Address, e.Outcome, e.Detail, e.PrevHash, e.Hash)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", e.Action, err)
	}
	return nil
}

// AuditEvents returns the events f selects, newest first; at most f.Limit
// (100 when zero, 10,000 at most).
func (db *DB) AuditEvents(ctx context.Context, f clinic.AuditFilter) ([]*clinic.AuditEvent, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, fmt.Sprintf(cond, len(args)))
	}
	if f.ActorID != 0 {
		add("actor_id = $%d", f.ActorID)
	}
	if f.Action != "" {
		add("substr(action, 1, "+fmt.Sprint(utf8.RuneCountInString(f.Action))+") = $%d", f.Action)
	}
	if f.Record != "" {
		add("record = $%d", f.Record)
	}
	if f.Outcome != "" {
		add("outcome = $%d", f.Outcome)
	}
	if !f.Since.IsZero() {
		add("at >= $%d", db.d.timeArg(f.Since))
	}
	if !f.Until.IsZero() {
		add("at < $%d", db.d.timeArg(f.Until))
	}
	if f.BeforeID != 0 {
		add("id < $%d", f.BeforeID)
	}
	q := `SELECT ` + auditColumns + ` FROM audit_events`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, min(limit, 10000))
	es, err := queryRows(ctx, db.read, scanAudit, q, args...)
	return list(es, err, "audit events")
}

// VerifyAudit checks the whole chain, in pages, oldest first.
func (db *DB) VerifyAudit(ctx context.Context) (int64, int, error) {
	const page = 1000
	prev, after, checked := "", int64(0), 0
	for {
		es, err := queryRows(ctx, db.read, scanAudit, `SELECT `+auditColumns+` FROM audit_events
			WHERE id > $1 ORDER BY id LIMIT `+fmt.Sprint(page), after)
		if err != nil {
			return 0, checked, fmt.Errorf("store: verify audit log: %w", err)
		}
		for i, e := range es {
			// IDs are consecutive: a gap is a removed row.
			if e.ID != after+int64(i)+1 {
				return e.ID, checked + i, nil
			}
		}
		if broken := clinic.VerifyChain(prev, es, db.auditHash); broken != 0 {
			return broken, checked + int(broken-after-1), nil
		}
		checked += len(es)
		if len(es) < page {
			return 0, checked, nil
		}
		prev, after = es[len(es)-1].Hash, es[len(es)-1].ID
	}
}

// clip cuts s to at most n characters, keeping it valid UTF-8.
func clip(s string, n int) string {
	s = strings.ToValidUTF8(s, "?")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// auditHash is the hash of an event: an HMAC with a key derived from the
// secret key in the data folder (or CLINIC_SECRET_KEY), which the
// database does not hold, or plain SHA-256 for a store opened without it.
func (db *DB) auditHash(e *clinic.AuditEvent) string {
	if db.sealer == nil {
		return e.ComputeHash()
	}
	return db.sealer.Hash("audit " + string(e.Canonical()))
}
