package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"clinic"
)

var _ clinic.BookingService = (*DB)(nil)

// errTaken is what a booking gets when its time was taken.
func errTaken() error {
	return clinic.Errorf(clinic.EConflict, clinic.TimeTaken)
}

// Book stores an appointment. The check for an overlapping appointment
// gives the friendly error; the database's own guard (an exclusion
// constraint on PostgreSQL, triggers under the write lock on SQLite) makes
// it a guarantee. A repeated idempotency key returns the first booking.
func (db *DB) Book(ctx context.Context, a *clinic.Appointment) (bool, error) {
	if db.sealer == nil {
		return false, errNoSealer()
	}
	if err := validSpan(a.Start, a.End, a.Buffer); err != nil {
		return false, err
	}
	if !validKey(a.IdempotencyKey) {
		return false, clinic.Errorf(clinic.EInvalid, "This form cannot be read. Please start again.")
	}
	created := false
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		if a.IdempotencyKey != "" {
			// A double click waits here for the first click's booking.
			if err := t.lock(ctx, "key "+a.IdempotencyKey); err != nil {
				return err
			}
			prev, err := t.appointmentByKey(ctx, db, a.IdempotencyKey)
			if err == nil {
				if !sameBooking(prev, a) {
					return clinic.Errorf(clinic.EConflict, "This form was already used for another booking. Please start again.")
				}
				*a = *prev
				recordCreated(ctx, "appointment", a.ID)
				return nil
			} else if clinic.ErrorKind(err) != clinic.ENotFound {
				return err
			}
		}
		if err := t.checkBookingFlood(ctx, a); err != nil {
			return err
		}
		if err := t.checkFree(ctx, 0, a.Provider, a.Start, a.End.Add(a.Buffer)); err != nil {
			return err
		}
		if a.ClientAddr != "" {
			if err := t.checkDailyCap(ctx, 0, a.Provider, a.Start); err != nil {
				return err
			}
		}
		if err := t.insertAppointment(ctx, a); err != nil {
			return err
		}
		recordCreated(ctx, "appointment", a.ID)
		created = true
		return t.queueAppointmentMail(ctx, a, clinic.MailBooked)
	})
	return created, err
}

// validKey reports whether an idempotency key is one a form of ours could
// carry: printable ASCII, at most 64 characters.
func validKey(k string) bool {
	if len(k) > 64 {
		return false
	}
	for i := 0; i < len(k); i++ {
		if k[i] <= ' ' || k[i] > '~' {
			return false
		}
	}
	return true
}

// checkDailyCap refuses an online booking or move on a local date that
// already has as many appointments of the clinician as their daily cap
// (appointment id aside), counted under the clinician's lock (checkFree
// takes it), so that two patients cannot both take the last place. Staff
// may book past the cap.
func (t *tx) checkDailyCap(ctx context.Context, id int64, provider string, start time.Time) error {
	rules, err := bookingRules(ctx, t, provider)
	if err != nil || rules.DailyCap == 0 {
		return err
	}
	zone, err := t.db.clinicZone(ctx, t)
	if err != nil {
		return err
	}
	local := start.In(zone)
	day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, zone)
	var n int
	err = t.QueryRowContext(ctx, `SELECT count(*) FROM appointments WHERE provider_slug = $1 AND type_slug <> $2
		AND status NOT IN ('cancelled', 'no_show') AND starts_at >= $3 AND starts_at < $4 AND id <> $5`,
		provider, clinic.BlockType, t.d.timeArg(day), t.d.timeArg(day.AddDate(0, 0, 1)), id).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: count the day's bookings: %w", err)
	}
	if n >= rules.DailyCap {
		return clinic.Errorf(clinic.EConflict, "That day is now fully booked with this clinician. Please choose another day.")
	}
	return nil
}

// validSpan checks an appointment's times: it ends after it starts, keeps
// no negative time free, and lies within years whose times the store
// writes and sorts alike on both databases.
func validSpan(start, end time.Time, buffer time.Duration) error {
	if !start.Before(end) || buffer < 0 {
		return clinic.Errorf(clinic.EInvalid, "An appointment must end after it starts.")
	}
	if start.Year() < 1900 || end.Add(buffer).Year() > 2199 {
		return clinic.Errorf(clinic.EInvalid, "An appointment must lie between the years 1900 and 2199.")
	}
	return nil
}

// sameBooking reports whether a repeated submit asks for what the first
// one booked.
func sameBooking(prev, a *clinic.Appointment) bool {
	return prev.Type == a.Type && prev.Provider == a.Provider && prev.Location == a.Location &&
		prev.Start.Equal(a.Start) && prev.End.Equal(a.End)
}

// checkBookingFlood fails with ETooMany when a's client address made
// clinic.BookingFlood online bookings within clinic.BookingFloodWindow.
func (t *tx) checkBookingFlood(ctx context.Context, a *clinic.Appointment) error {
	if a.ClientAddr == "" {
		return nil
	}
	hash := t.db.sealer.Hash("booking " + a.ClientAddr)
	if err := t.lock(ctx, "booking "+hash); err != nil {
		return err
	}
	var n int
	err := t.QueryRowContext(ctx, `SELECT count(*) FROM appointments WHERE client_hash = $1 AND created_at > $2`,
		hash, t.d.timeArg(t.now.Add(-clinic.BookingFloodWindow))).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: count bookings: %w", err)
	}
	if n >= clinic.BookingFlood {
		return clinic.Errorf(clinic.ETooMany, "Several bookings were made from your connection in the last few minutes, so this one was not. Please call us to book, or try again later.")
	}
	return nil
}

// insertAppointment stores a, its patient sealed, after checkFree.
func (t *tx) insertAppointment(ctx context.Context, a *clinic.Appointment) error {
	plain, err := json.Marshal(a.Patient)
	if err != nil {
		return fmt.Errorf("store: book: %w", err)
	}
	if a.Status == "" {
		a.Status = clinic.ApptBooked
	}
	a.UID = rand.Text()
	err = t.QueryRowContext(ctx, `INSERT INTO appointments (type_slug, provider_slug, location_slug,
			starts_at, ends_at, blocks_until, status, sequence, idempotency_key, sealed, held_until, client_hash, created_at, updated_at,
			uid, patient_hash)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12, $12, $13, $14) RETURNING id`,
		a.Type, a.Provider, a.Location, t.d.timeArg(a.Start), t.d.timeArg(a.End),
		t.d.timeArg(a.End.Add(a.Buffer)), a.Status, nullText(a.IdempotencyKey),
		t.db.sealer.Seal(plain), t.d.timeArg(a.HeldUntil), clientHash(t.db, a.ClientAddr), t.d.timeArg(t.now), a.UID,
		t.db.patientHash(a.Patient)).Scan(&a.ID)
	if err != nil {
		return bookingError(err)
	}
	a.CreatedAt, a.UpdatedAt = t.now, t.now
	return nil
}

// clientHash is the stored form of an online booking's client address:
// NULL for none.
func clientHash(db *DB, addr string) any {
	if addr == "" {
		return nil
	}
	return db.sealer.Hash("booking " + addr)
}

// checkFree takes the provider's lock and says whether [start, until) is
// free of their active appointments other than id. It gives the friendly
// error; the database's own guard makes it a guarantee.
func (t *tx) checkFree(ctx context.Context, id int64, provider string, start, until time.Time) error {
	if err := t.lock(ctx, "provider "+provider); err != nil {
		return err
	}
	var n int
	err := t.QueryRowContext(ctx, `SELECT count(*) FROM appointments
		WHERE provider_slug = $1 AND id <> $4 AND status NOT IN ('cancelled', 'no_show')
			AND starts_at < $3 AND $2 < blocks_until`,
		provider, t.d.timeArg(start), t.d.timeArg(until), id).Scan(&n)
	if err != nil {
		return fmt.Errorf("store: check free time: %w", err)
	}
	if n > 0 {
		return errTaken()
	}
	return nil
}

// bookingError turns the database's refusals into the errors a person
// can act on.
func bookingError(err error) error {
	s := err.Error()
	switch {
	case strings.Contains(s, "appointments overlap") || strings.Contains(s, "23P01"):
		return errTaken()
	case isForeignKey(err):
		return clinic.Errorf(clinic.EInvalid, "There is no such doctor or location.")
	case isUnique(err):
		return clinic.Errorf(clinic.EConflict, "This booking was already made.")
	}
	return fmt.Errorf("store: book: %w", err)
}

const appointmentColumns = `id, type_slug, provider_slug, location_slug, starts_at, ends_at, blocks_until,
	status, sequence, idempotency_key, sealed, cancel_sealed, held_until, created_at, updated_at, uid`

// scanAppointment reads a row of appointmentColumns and unseals it.
func (db *DB) scanAppointment(r scanner) (*clinic.Appointment, error) {
	a := &clinic.Appointment{}
	var blocks time.Time
	var key *string
	var sealed, reason []byte
	err := r.Scan(&a.ID, &a.Type, &a.Provider, &a.Location, timeCol{&a.Start}, timeCol{&a.End}, timeCol{&blocks},
		&a.Status, &a.Sequence, &key, &sealed, &reason, timeCol{&a.HeldUntil}, timeCol{&a.CreatedAt}, timeCol{&a.UpdatedAt}, &a.UID)
	if err != nil {
		return nil, err
	}
	a.Buffer = blocks.Sub(a.End)
	if key != nil {
		a.IdempotencyKey = *key
	}
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("appointment %d: %w", a.ID, err)
	}
	if len(reason) > 0 {
		why, err := db.sealer.Open(reason)
		if err != nil {
			return nil, fmt.Errorf("appointment %d: %w", a.ID, err)
		}
		a.CancelReason = string(why)
	}
	return a, json.Unmarshal(plain, &a.Patient)
}

// PatientBookings returns the active bookings from from on of the patient
// with p's email and date of birth, soonest first; holds of the waitlist
// are not bookings yet.
func (db *DB) PatientBookings(ctx context.Context, p clinic.PatientDetails, from time.Time) ([]*clinic.Appointment, error) {
	hash := db.patientHash(p)
	if hash == nil {
		return nil, nil
	}
	as, err := queryRows(ctx, db.read, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
		WHERE patient_hash = $1 AND starts_at >= $2 AND status IN ('booked', 'confirmed') AND held_until IS NULL
		ORDER BY starts_at LIMIT 20`, hash, db.d.timeArg(from))
	return list(as, err, "patient bookings")
}

func (t *tx) appointmentByKey(ctx context.Context, db *DB, key string) (*clinic.Appointment, error) {
	as, err := queryRows(ctx, t, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments WHERE idempotency_key = $1`, key)
	return one(as, err, "booking")
}

// AppointmentByKey returns the appointment booked with an idempotency key.
func (db *DB) AppointmentByKey(ctx context.Context, key string) (*clinic.Appointment, error) {
	if key == "" {
		return nil, notFound("booking")
	}
	as, err := queryRows(ctx, db.read, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments WHERE idempotency_key = $1`, key)
	return one(as, err, "booking")
}

// Appointment returns one appointment.
func (db *DB) Appointment(ctx context.Context, id int64) (*clinic.Appointment, error) {
	as, err := queryRows(ctx, db.read, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments WHERE id = $1`, id)
	return one(as, err, fmt.Sprintf("appointment %d", id))
}

// ProviderAppointments returns a provider's active appointments that
// overlap [from, to), buffers included, by start.
func (db *DB) ProviderAppointments(ctx context.Context, provider string, from, to time.Time) ([]*clinic.Appointment, error) {
	return db.providerAppointments(ctx, db.read, provider, from, to)
}

func (db *DB) providerAppointments(ctx context.Context, q querier, provider string, from, to time.Time) ([]*clinic.Appointment, error) {
	as, err := queryRows(ctx, q, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
		WHERE provider_slug = $1 AND status NOT IN ('cancelled', 'no_show') AND starts_at < $3 AND $2 < blocks_until
		ORDER BY starts_at`, provider, db.d.timeArg(from), db.d.timeArg(to))
	return list(as, err, "appointments")
}
