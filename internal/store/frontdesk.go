package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
)

var _ clinic.FrontDesk = (*DB)(nil)

// BlockOver blocks time over the appointments in its way: they are
// cancelled as SetStatus cancels them, the block is made, and only then
// is each freed time offered to the waitlist, so that no patient is
// offered time the block holds. All in one transaction.
func (db *DB) BlockOver(ctx context.Context, block *clinic.Appointment, inWay []clinic.ApptVersion, reason string) ([]*clinic.Appointment, error) {
	if block.Type != clinic.BlockType {
		return nil, invalid("Only a block of time can be made over appointments.")
	}
	if err := validSpan(block.Start, block.End, block.Buffer); err != nil {
		return nil, err
	}
	if reason = strings.TrimSpace(reason); reason == "" || utf8.RuneCountInString(reason) > 500 {
		return nil, invalid("Say, in at most 500 characters, why the appointments are cancelled.")
	}
	var cancelled []*clinic.Appointment
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var err error
		if cancelled, err = t.clearForBlock(ctx, block, inWay, reason); err != nil {
			return err
		}
		if err := t.checkFree(ctx, 0, block.Provider, block.Start, block.End.Add(block.Buffer)); err != nil {
			return err
		}
		if err := t.insertAppointment(ctx, block); err != nil {
			return err
		}
		recordCreated(ctx, "appointment", block.ID)
		for _, a := range cancelled {
			if err := t.offerFreed(ctx, a); err != nil {
				return err
			}
		}
		return nil
	})
	return cancelled, err
}

// clearForBlock cancels the appointments in block's way, which must be
// those of inWay at the versions given. Each cancellation gets an audit
// event of its own, by the actor of the event ctx carries.
func (t *tx) clearForBlock(ctx context.Context, block *clinic.Appointment, inWay []clinic.ApptVersion, reason string) ([]*clinic.Appointment, error) {
	// The appointments' locks before the clinician's, in the order every
	// change to an appointment takes them.
	ids := make([]int64, len(inWay))
	for i, v := range inWay {
		ids[i] = v.ID
	}
	for _, id := range slices.Sorted(slices.Values(ids)) {
		if err := t.lock(ctx, fmt.Sprintf("appointment %d", id)); err != nil {
			return nil, err
		}
	}
	if err := t.lock(ctx, "provider "+block.Provider); err != nil {
		return nil, err
	}
	current, err := t.db.providerAppointments(ctx, t, block.Provider, block.Start, block.End.Add(block.Buffer))
	if err != nil {
		return nil, err
	}
	if !sameVersions(current, inWay) {
		return nil, clinic.Errorf(clinic.EConflict, "The appointments in the way changed since the list was made. Here they are as they stand now.")
	}
	for _, a := range current {
		if a.Status == clinic.ApptArrived || a.Status == clinic.ApptCompleted {
			return nil, clinic.Errorf(clinic.EConflict, "An appointment in the way has begun: its patient has arrived. Block the time after it.")
		}
		held := !a.HeldUntil.IsZero()
		if err := t.changeStatus(ctx, a, clinic.ApptCancelled, reason); err != nil {
			return nil, err
		}
		if held {
			if err := t.waitAgain(ctx, a.ID); err != nil {
				return nil, err
			}
		}
		if err := t.auditAlso(ctx, "appointment.status", "appointment:"+strconv.FormatInt(a.ID, 10), "cancelled for a block of time"); err != nil {
			return nil, err
		}
	}
	return current, nil
}

// waitAgain puts the patient whose offer of a time, appointment id, was
// withdrawn for a block back on the waitlist: they lost nothing by it.
func (t *tx) waitAgain(ctx context.Context, id int64) error {
	_, err := t.ExecContext(ctx, `UPDATE waitlist SET status = 'waiting', appointment_id = NULL, updated_at = $2
		WHERE appointment_id = $1 AND status = 'withdrawn'`, id, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: waitlist of appointment %d: %w", id, err)
	}
	return nil
}

// sameVersions reports whether the appointments as is are those of vs.
func sameVersions(as []*clinic.Appointment, vs []clinic.ApptVersion) bool {
	if len(as) != len(vs) {
		return false
	}
	seen := make(map[clinic.ApptVersion]bool, len(vs))
	for _, v := range vs {
		seen[v] = true
	}
	for _, a := range as {
		if !seen[clinic.ApptVersion{ID: a.ID, Sequence: a.Sequence}] {
			return false
		}
	}
	return true
}

// auditAlso writes, in t, an event of a further change that the change
// ctx's event records brings with it, by the same actor from the same
// place. Without an event in ctx there is no one to name, and nothing is
// written.
func (t *tx) auditAlso(ctx context.Context, action, record, detail string) error {
	e := clinic.PendingAudit(ctx)
	if e == nil {
		return nil
	}
	also := &clinic.AuditEvent{ActorID: e.ActorID, Actor: e.Actor, Action: action, Record: record,
		Address: e.Address, Outcome: clinic.AuditOK, Detail: detail}
	return t.appendAudit(ctx, also)
}

// recordCreated names, in the audit event ctx carries, the record a change
// created: an event begun before its record existed names only the kind,
// "appointment:", and becomes "appointment:42".
func recordCreated(ctx context.Context, kind string, id int64) {
	if e := clinic.PendingAudit(ctx); e != nil && e.Record == kind+":" {
		e.Record = kind + ":" + strconv.FormatInt(id, 10)
	}
}

// FailingMail returns the messages given up since since and those that
// failed and wait to be tried again (whenever they first failed), newest
// first.
func (db *DB) FailingMail(ctx context.Context, since time.Time, limit int) ([]*clinic.OutboxMessage, error) {
	limit = min(max(limit, 1), 500)
	ms, err := queryRows(ctx, db.read, db.scanOutbox, `SELECT `+outboxColumns+` FROM outbox
		WHERE attempts > 0 AND sent_at IS NULL AND (failed_at IS NULL OR failed_at >= $1)
		ORDER BY coalesce(failed_at, next_try_at) DESC, id DESC LIMIT $2`, db.d.timeArg(since), limit)
	return list(ms, err, "failing mail")
}
