package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"clinic"
)

// lockAppointment takes appointment id's lock in t and loads it.
func (t *tx) lockAppointment(ctx context.Context, id int64) (*clinic.Appointment, error) {
	if err := t.lock(ctx, fmt.Sprintf("appointment %d", id)); err != nil {
		return nil, err
	}
	as, err := queryRows(ctx, t, t.db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments WHERE id = $1`, id)
	return one(as, err, fmt.Sprintf("appointment %d", id))
}

// forUpdate loads appointment id in t for a change, checking that the
// caller saw its latest version.
func (t *tx) forUpdate(ctx context.Context, id int64, seq int) (*clinic.Appointment, error) {
	a, err := t.lockAppointment(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Sequence != seq {
		return a, clinic.Errorf(clinic.EConflict, "This appointment was changed since you opened it. Here it is as it stands now.")
	}
	if a.Status == clinic.ApptCancelled {
		return a, clinic.Errorf(clinic.EConflict, "This appointment was cancelled.")
	}
	return a, nil
}

// Move gives an appointment a new time, provider or location. The
// patient hears of it, and the reminders follow it.
func (db *DB) Move(ctx context.Context, id int64, seq int, to clinic.Move) (*clinic.Appointment, error) {
	if err := validSpan(to.Start, to.End, to.Buffer); err != nil {
		return nil, err
	}
	var a *clinic.Appointment
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var err error
		if a, err = t.forUpdate(ctx, id, seq); err != nil {
			return err
		}
		if a.Status != clinic.ApptBooked && a.Status != clinic.ApptConfirmed {
			return clinic.Errorf(clinic.EConflict, "Only an appointment that is still to come can be moved.")
		}
		if !a.HeldUntil.IsZero() {
			return clinic.Errorf(clinic.EConflict, "This time is held for a patient on the waitlist: it can be confirmed or let go, not moved.")
		}
		freed := *a
		// Both clinicians' locks, in one order, before either is needed: two
		// moves that swap clinicians must not wait on each other.
		for _, p := range slices.Sorted(slices.Values([]string{a.Provider, to.Provider})) {
			if err := t.lock(ctx, "provider "+p); err != nil {
				return err
			}
		}
		if err := t.checkFree(ctx, id, to.Provider, to.Start, to.End.Add(to.Buffer)); err != nil {
			return err
		}
		if to.Online {
			if err := t.checkDailyCap(ctx, id, to.Provider, to.Start); err != nil {
				return err
			}
		}
		_, err = t.ExecContext(ctx, `UPDATE appointments SET provider_slug = $2, location_slug = $3, starts_at = $4,
				ends_at = $5, blocks_until = $6, sequence = sequence + 1, updated_at = $7 WHERE id = $1`,
			id, to.Provider, to.Location, t.d.timeArg(to.Start), t.d.timeArg(to.End),
			t.d.timeArg(to.End.Add(to.Buffer)), t.d.timeArg(t.now))
		if err != nil {
			return bookingError(err)
		}
		a.Provider, a.Location, a.Start, a.End, a.Buffer = to.Provider, to.Location, to.Start, to.End, to.Buffer
		a.Sequence++
		a.UpdatedAt = t.now
		if to.Reason != "" {
			if _, err := t.ExecContext(ctx, `UPDATE appointments SET cancel_sealed = $2 WHERE id = $1`, id, t.db.sealer.Seal([]byte(to.Reason))); err != nil {
				return fmt.Errorf("store: move: %w", err)
			}
			a.CancelReason = to.Reason
		}
		if err := t.withdrawReminders(ctx, id, "the appointment moved", false); err != nil {
			return err
		}
		if err := t.queueAppointmentMail(ctx, a, clinic.MailMoved); err != nil {
			return err
		}
		return t.offerFreed(ctx, &freed)
	})
	return a, err
}

// SetStatus changes an appointment's status. A cancellation frees the
// time, needs a reason, tells the patient and withdraws the reminders.
func (db *DB) SetStatus(ctx context.Context, id int64, seq int, status, reason string) (*clinic.Appointment, error) {
	if !slices.Contains(clinic.ApptStatuses, status) {
		return nil, clinic.Errorf(clinic.EInvalid, "There is no status %q.", status)
	}
	reason = strings.TrimSpace(reason)
	if status == clinic.ApptCancelled && reason == "" {
		return nil, clinic.Errorf(clinic.EInvalid, "Say why the appointment is cancelled.")
	}
	if utf8.RuneCountInString(reason) > 500 {
		return nil, clinic.Errorf(clinic.EInvalid, "The reason may be at most 500 characters.")
	}
	var a *clinic.Appointment
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var err error
		if a, err = t.forUpdate(ctx, id, seq); err != nil {
			return err
		}
		if a.Status == status {
			return nil
		}
		return t.setStatus(ctx, a, status, reason)
	})
	return a, err
}

func (t *tx) setStatus(ctx context.Context, a *clinic.Appointment, status, reason string) error {
	if err := t.changeStatus(ctx, a, status, reason); err != nil || status != clinic.ApptCancelled {
		return err
	}
	return t.offerFreed(ctx, a)
}

// changeStatus is setStatus but for the waitlist's offer of a freed time,
// which BlockOver makes once the block holds its time.
func (t *tx) changeStatus(ctx context.Context, a *clinic.Appointment, status, reason string) error {
	if !a.HeldUntil.IsZero() && clinic.Active(status) {
		// Staff who confirm, or mark as seen, a time held from the waitlist
		// make it the patient's.
		if err := t.takeHold(ctx, a); err != nil {
			return err
		}
	}
	bump := 0
	if status == clinic.ApptCancelled {
		bump = 1
	}
	if !clinic.Active(a.Status) && clinic.Active(status) {
		if err := t.checkFree(ctx, a.ID, a.Provider, a.Start, a.End.Add(a.Buffer)); err != nil {
			return err
		}
	}
	var sealed []byte
	if reason != "" {
		sealed = t.db.sealer.Seal([]byte(reason))
	}
	_, err := t.ExecContext(ctx, `UPDATE appointments SET status = $2, cancel_sealed = $3,
		sequence = sequence + $4, updated_at = $5 WHERE id = $1`, a.ID, status, sealed, bump, t.d.timeArg(t.now))
	if err != nil {
		return bookingError(err)
	}
	a.Status, a.CancelReason, a.Sequence, a.UpdatedAt = status, reason, a.Sequence+bump, t.now
	if clinic.Active(status) {
		return nil
	}
	if err := t.withdrawReminders(ctx, a.ID, "the appointment was "+strings.ReplaceAll(status, "_", "-"), true); err != nil {
		return err
	}
	if !a.HeldUntil.IsZero() {
		if err := t.holdEnded(ctx, a); err != nil {
			return err
		}
	}
	if status != clinic.ApptCancelled {
		return nil
	}
	return t.queueAppointmentMail(ctx, a, clinic.MailCancelled)
}

// Appointments returns the appointments that overlap f's stretch, by
// start, whatever their status.
func (db *DB) Appointments(ctx context.Context, f clinic.AppointmentFilter) ([]*clinic.Appointment, error) {
	as, err := queryRows(ctx, db.read, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
		WHERE starts_at < $2 AND $1 < ends_at AND ($3 = '' OR provider_slug = $3) AND ($4 = '' OR location_slug = $4)
		ORDER BY starts_at, id LIMIT 5000`,
		db.d.timeArg(f.From), db.d.timeArg(f.To), f.Provider, f.Location)
	return list(as, err, "appointments")
}
