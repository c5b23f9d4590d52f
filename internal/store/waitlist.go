package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

var _ clinic.WaitlistService = (*DB)(nil)

// JoinWaitlist puts a patient on the waitlist of a clinician at an office.
func (db *DB) JoinWaitlist(ctx context.Context, e *clinic.WaitlistEntry) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	plain, err := json.Marshal(e.Patient)
	if err != nil {
		return fmt.Errorf("store: join waitlist: %w", err)
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if !e.Before.After(t.now) {
			return invalid("Choose a date in the future.")
		}
		err := t.QueryRowContext(ctx, `INSERT INTO waitlist (provider_slug, location_slug, type_slug, before_at, sealed,
				status, created_at, updated_at, patient_hash) VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $6, $7) RETURNING id`,
			nullText(e.Provider), e.Location, e.Type, t.d.timeArg(e.Before), db.sealer.Seal(plain), t.d.timeArg(t.now),
			db.patientHash(e.Patient)).Scan(&e.ID)
		if isUnique(err) {
			return clinic.Errorf(clinic.EConflict, "You are on this waitlist already: we will email you when an earlier time opens.")
		} else if err != nil {
			return scheduleRefError("join waitlist", err)
		}
		e.Status, e.CreatedAt = clinic.WaitWaiting, t.now
		if e.Patient.Email == "" {
			return nil
		}
		_, err = t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, waitlist_id, created_at, next_try_at)
			VALUES ($1, '', '', '', $2, $3, $3)`, clinic.MailWaitlistJoined, e.ID, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: queue %s: %w", clinic.MailWaitlistJoined, err)
		}
		return nil
	})
}

// patientHash is the keyed hash that tells two bookings or waitlist
// entries are the same person's: their email and date of birth; NULL
// without an email.
func (db *DB) patientHash(p clinic.PatientDetails) any {
	if p.Email == "" {
		return nil
	}
	return db.sealer.Hash("patient " + clinic.NormalizeEmail(p.Email) + "\x00" + p.DateOfBirth)
}

// waiting is one row of the waitlist as an offer reads it.
type waiting struct {
	id       int64
	location string
	typ      string
	before   time.Time
	sealed   []byte
}

// offerFreed offers time that a cancellation or a move just freed to the
// first patient waiting for that clinician at that office for whom it is
// an open time: within the clinician's hours and booking rules, with room
// for their visit. The time goes to them as a hold, through the same
// guard as any booking, and they get an email.
func (t *tx) offerFreed(ctx context.Context, freed *clinic.Appointment) error {
	if !freed.Start.After(t.now) {
		return nil
	}
	// The clinician's lock before the list is read: two cancellations at
	// once must not both offer to the same patient.
	if err := t.lock(ctx, "provider "+freed.Provider); err != nil {
		return err
	}
	ws, err := queryRows(ctx, t, func(s scanner) (waiting, error) {
		var w waiting
		return w, s.Scan(&w.id, &w.location, &w.typ, timeCol{&w.before}, &w.sealed)
	}, `SELECT id, location_slug, type_slug, before_at, sealed FROM waitlist
		WHERE (provider_slug = $1 OR provider_slug IS NULL) AND location_slug = $2 AND status = 'waiting' AND before_at > $3
		ORDER BY created_at, id LIMIT 100`, freed.Provider, freed.Location, t.d.timeArg(freed.Start))
	if err != nil {
		return fmt.Errorf("store: waitlist: %w", err)
	}
	if len(ws) == 0 {
		return nil
	}
	ps, err := t.db.providerSchedule(ctx, t, freed.Provider, freed.Start.Add(-24*time.Hour), freed.Start.Add(24*time.Hour))
	if err != nil {
		return err
	}
	zone, err := t.db.clinicZone(ctx, t)
	if err != nil {
		return err
	}
	for _, w := range ws {
		ok, err := t.offer(ctx, freed, w, ps, zone)
		if err != nil || ok {
			return err
		}
	}
	return nil
}

// offer holds freed's start for waiting patient w if it is an open time
// for their visit.
func (t *tx) offer(ctx context.Context, freed *clinic.Appointment, w waiting, ps *clinic.ProviderSchedule, zone *time.Location) (bool, error) {
	typ, err := appointmentType(ctx, t, w.typ)
	if err != nil || !typ.Active {
		return false, err
	}
	slots, err := schedule.ForProvider(ps, w.location, schedule.Request{Zone: zone, Now: t.now, From: freed.Start,
		To: freed.Start.Add(time.Minute), Duration: typ.Duration, Buffer: typ.Buffer, Step: schedule.MinStep})
	if err != nil || len(slots) == 0 || !slots[0].Start.Equal(freed.Start) {
		return false, err
	}
	end := freed.Start.Add(typ.Duration)
	if err := t.checkFree(ctx, 0, freed.Provider, freed.Start, end.Add(typ.Buffer)); clinic.ErrorKind(err) == clinic.EConflict {
		return false, nil
	} else if err != nil {
		return false, err
	}
	// Claim the entry first: staff may have taken it off the list since
	// it was read.
	res, err := t.ExecContext(ctx, `UPDATE waitlist SET status = 'offered', updated_at = $2 WHERE id = $1 AND status = 'waiting'`,
		w.id, t.d.timeArg(t.now))
	if err != nil {
		return false, fmt.Errorf("store: waitlist %d: %w", w.id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return false, nil
	}
	plain, err := t.db.sealer.Open(w.sealed)
	if err != nil {
		return false, fmt.Errorf("store: waitlist %d: %w", w.id, err)
	}
	hold := &clinic.Appointment{Type: typ.Slug, Provider: freed.Provider, Location: w.location, Start: freed.Start,
		End: end, Buffer: typ.Buffer, HeldUntil: t.now.Add(clinic.HoldFor)}
	if err := json.Unmarshal(plain, &hold.Patient); err != nil {
		return false, fmt.Errorf("store: waitlist %d: %w", w.id, err)
	}
	if err := t.insertAppointment(ctx, hold); err != nil {
		return false, err
	}
	if _, err := t.ExecContext(ctx, `UPDATE waitlist SET appointment_id = $2 WHERE id = $1`, w.id, hold.ID); err != nil {
		return false, fmt.Errorf("store: waitlist %d: %w", w.id, err)
	}
	return true, t.queueAppointmentMail(ctx, hold, clinic.MailBooked)
}

// holdEnded takes the patient of a hold that was let go, or ran out, off
// the waitlist: they had their turn, and can join again.
func (t *tx) holdEnded(ctx context.Context, a *clinic.Appointment) error {
	_, err := t.ExecContext(ctx, `UPDATE waitlist SET status = 'withdrawn', updated_at = $2 WHERE appointment_id = $1 AND status = 'offered'`,
		a.ID, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: waitlist of appointment %d: %w", a.ID, err)
	}
	return nil
}

// takeHold makes hold a a booking for good: its waitlist entry is booked
// and it gets its confirmation and reminders.
func (t *tx) takeHold(ctx context.Context, a *clinic.Appointment) error {
	if _, err := t.ExecContext(ctx, `UPDATE appointments SET held_until = NULL, updated_at = $2 WHERE id = $1`, a.ID, t.d.timeArg(t.now)); err != nil {
		return fmt.Errorf("store: take hold: %w", err)
	}
	if _, err := t.ExecContext(ctx, `UPDATE waitlist SET status = 'booked', updated_at = $2 WHERE appointment_id = $1 AND status = 'offered'`, a.ID, t.d.timeArg(t.now)); err != nil {
		return fmt.Errorf("store: take hold: %w", err)
	}
	a.HeldUntil, a.UpdatedAt = time.Time{}, t.now
	return t.queueAppointmentMail(ctx, a, clinic.MailBooked)
}

// ConfirmHold makes a held time the patient's for good: it gets its
// confirmation and reminders like any booking.
func (db *DB) ConfirmHold(ctx context.Context, id int64, seq int) (*clinic.Appointment, error) {
	var a *clinic.Appointment
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var err error
		if a, err = t.forUpdate(ctx, id, seq); err != nil {
			return err
		}
		if a.HeldUntil.IsZero() {
			return nil
		}
		if !t.now.Before(a.HeldUntil) {
			return clinic.Errorf(clinic.EConflict, "The 30 minutes to take this time have passed, and it was offered to the next patient waiting.")
		}
		return t.takeHold(ctx, a)
	})
	return a, err
}

// ReleaseHolds cancels the holds that ran out by now, each in its own
// transaction, and offers each time to the next patient waiting.
func (db *DB) ReleaseHolds(ctx context.Context, now time.Time) (int, error) {
	var ids []int64
	var failed error
	rows, err := queryRows(ctx, db.read, func(s scanner) (int64, error) {
		var id int64
		return id, s.Scan(&id)
	}, `SELECT id FROM appointments WHERE held_until <= $1 AND status NOT IN ('cancelled', 'no_show') ORDER BY held_until LIMIT 100`, db.d.timeArg(now))
	if ids, err = list(rows, err, "lapsed holds"); err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		released := false
		err := db.inTx(ctx, now, func(t *tx) error {
			a, err := t.lockAppointment(ctx, id)
			if err != nil || a.HeldUntil.IsZero() || a.HeldUntil.After(t.now) || !clinic.Active(a.Status) {
				return err // confirmed or cancelled meanwhile
			}
			released = true
			return t.setStatus(ctx, a, clinic.ApptCancelled, "The hold ran out.")
		})
		if err != nil {
			// One hold that cannot be released must not keep the others.
			db.log.ErrorContext(ctx, "release waitlist hold", "appointment", id, "err", err)
			failed = errors.Join(failed, err)
			continue
		}
		if released {
			n++
		}
	}
	return n, failed
}

// Waitlist returns the entries waiting or offered a time, the first in
// line first, with the patients' details unsealed.
func (db *DB) Waitlist(ctx context.Context, provider string) ([]*clinic.WaitlistEntry, error) {
	es, err := queryRows(ctx, db.read, db.scanWaitlist, `SELECT `+waitlistColumns+`
		FROM waitlist WHERE status IN ('waiting', 'offered') AND ($1 = '' OR provider_slug = $1 OR provider_slug IS NULL)
		ORDER BY coalesce(provider_slug, ''), created_at, id LIMIT 1000`, provider)
	return list(es, err, "waitlist")
}

// WaitlistEntry returns one entry of the waitlist, in any state.
func (db *DB) WaitlistEntry(ctx context.Context, id int64) (*clinic.WaitlistEntry, error) {
	es, err := queryRows(ctx, db.read, db.scanWaitlist, `SELECT `+waitlistColumns+` FROM waitlist WHERE id = $1`, id)
	return one(es, err, fmt.Sprintf("waitlist entry %d", id))
}

const waitlistColumns = `id, provider_slug, location_slug, type_slug, before_at, sealed, status, appointment_id, created_at`

// scanWaitlist reads a row of waitlistColumns, the patient unsealed; an
// entry for the first available clinician has no Provider.
func (db *DB) scanWaitlist(s scanner) (*clinic.WaitlistEntry, error) {
	e := &clinic.WaitlistEntry{}
	var sealed []byte
	var appt *int64
	var provider *string
	if err := s.Scan(&e.ID, &provider, &e.Location, &e.Type, timeCol{&e.Before}, &sealed, &e.Status, &appt, timeCol{&e.CreatedAt}); err != nil {
		return nil, err
	}
	if provider != nil {
		e.Provider = *provider
	}
	if appt != nil {
		e.Appointment = *appt
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("waitlist %d: %w", e.ID, err)
	}
	return e, json.Unmarshal(plain, &e.Patient)
}

// WithdrawWaiting takes an entry off the waitlist. A time already offered
// to it stays held until it is taken or lapses.
func (db *DB) WithdrawWaiting(ctx context.Context, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE waitlist SET status = 'withdrawn', updated_at = $2
			WHERE id = $1 AND status IN ('waiting', 'offered')`, id, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: withdraw waitlist %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("waitlist entry %d", id))
		}
		return nil
	})
}
