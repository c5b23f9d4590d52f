package store

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

var _ clinic.ScheduleService = (*DB)(nil)

const typeColumns = `slug, name, description, minutes, buffer_minutes, virtual, position, active, treatment`

func scanType(s scanner) (*clinic.AppointmentType, error) {
	t := &clinic.AppointmentType{}
	var minutes, buffer int
	err := s.Scan(&t.Slug, &t.Name, &t.Description, &minutes, &buffer, &t.Virtual, &t.Position, &t.Active, &t.Treatment)
	t.Duration, t.Buffer = time.Duration(minutes)*time.Minute, time.Duration(buffer)*time.Minute
	return t, err
}

// AppointmentTypes returns the types patients can book in order, or with
// all also the ones staff have retired.
func (db *DB) AppointmentTypes(ctx context.Context, all bool) ([]*clinic.AppointmentType, error) {
	ts, err := queryRows(ctx, db.read, scanType, `SELECT `+typeColumns+` FROM appointment_types
		WHERE active OR $1 ORDER BY position, name`, all)
	return list(ts, err, "appointment types")
}

// AppointmentType returns one appointment type, retired or not.
func (db *DB) AppointmentType(ctx context.Context, slug string) (*clinic.AppointmentType, error) {
	return appointmentType(ctx, db.read, slug)
}

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func validType(t *clinic.AppointmentType) error {
	switch {
	case !slugPattern.MatchString(t.Slug) || len(t.Slug) > 60 || t.Slug == clinic.BlockType:
		return invalid("The short name may hold lower-case letters, digits and dashes, and may not be %q.", clinic.BlockType)
	case t.Name == "" || len(t.Name) > 120:
		return invalid("An appointment type needs a name of at most 120 characters.")
	case len(t.Description) > 1000:
		return invalid("The description may be at most 1,000 characters.")
	case t.Duration < 5*time.Minute || t.Duration > 8*time.Hour || t.Duration%time.Minute != 0:
		return invalid("An appointment lasts between 5 minutes and 8 hours, in whole minutes.")
	case t.Buffer < 0 || t.Buffer > 4*time.Hour || t.Buffer%time.Minute != 0:
		return invalid("The time kept free after it is between 0 and 4 hours, in whole minutes.")
	case t.Treatment != "" && !clinic.ValidSlug(t.Treatment):
		return invalid("Choose the procedure from the list, or none.")
	}
	return nil
}

// SaveAppointmentType creates an appointment type, refusing a short name
// already taken (EConflict), or updates one that exists (ENotFound if
// not). The length of appointments already booked stays as it was.
func (db *DB) SaveAppointmentType(ctx context.Context, at *clinic.AppointmentType, create bool) error {
	if err := validType(at); err != nil {
		return err
	}
	query := `UPDATE appointment_types SET name = $2, description = $3, minutes = $4, buffer_minutes = $5,
		virtual = $6, position = $7, active = $8, treatment = $9 WHERE slug = $1`
	if create {
		query = `INSERT INTO appointment_types (` + typeColumns + `) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, query, at.Slug, at.Name, at.Description, int(at.Duration/time.Minute),
			int(at.Buffer/time.Minute), at.Virtual, at.Position, at.Active, at.Treatment)
		if err != nil && (strings.Contains(err.Error(), "UNIQUE") || strings.Contains(err.Error(), "23505")) {
			return clinic.Errorf(clinic.EConflict, "There is already an appointment type with the short name %q.", at.Slug)
		}
		if err != nil {
			return fmt.Errorf("store: save appointment type: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("appointment type %q", at.Slug))
		}
		return nil
	})
}

// ProviderSchedule returns a provider's weekly windows, the exceptions and
// active appointments that touch [from, to), and the booking rules.
func (db *DB) ProviderSchedule(ctx context.Context, provider string, from, to time.Time) (*clinic.ProviderSchedule, error) {
	if _, err := db.Doctor(ctx, provider); err != nil {
		return nil, err
	}
	return db.providerSchedule(ctx, db.read, provider, from, to)
}

// ProviderRules returns a provider's windows, the exceptions that touch
// [from, to) and the booking rules, without appointments.
func (db *DB) ProviderRules(ctx context.Context, provider string, from, to time.Time) (*clinic.ProviderSchedule, error) {
	if _, err := db.Doctor(ctx, provider); err != nil {
		return nil, err
	}
	return providerRules(ctx, db.read, provider, from, to)
}

// providerSchedule reads a provider's schedule through q, which may be a
// transaction that must not wait for a second connection.
func (db *DB) providerSchedule(ctx context.Context, q querier, provider string, from, to time.Time) (*clinic.ProviderSchedule, error) {
	ps, err := providerRules(ctx, q, provider, from, to)
	if err != nil {
		return nil, err
	}
	ps.Booked, err = db.providerAppointments(ctx, q, provider, from, to)
	return ps, err
}

func providerRules(ctx context.Context, q querier, provider string, from, to time.Time) (*clinic.ProviderSchedule, error) {
	ps := &clinic.ProviderSchedule{Provider: provider}
	var err error
	if ps.Windows, err = windows(ctx, q, provider); err != nil {
		return nil, err
	}
	// Exceptions are local dates: a day on each side covers any zone.
	first, last := from.AddDate(0, 0, -1).UTC().Format(time.DateOnly), to.AddDate(0, 0, 1).UTC().Format(time.DateOnly)
	if ps.Exceptions, err = exceptions(ctx, q, provider, first, last); err != nil {
		return nil, err
	}
	ps.Rules, err = bookingRules(ctx, q, provider)
	return ps, err
}

func windows(ctx context.Context, q querier, provider string) ([]*clinic.AvailabilityWindow, error) {
	ws, err := queryRows(ctx, q, scanWindow, `SELECT id, provider_slug, location_slug, weekday, start_minute, end_minute FROM availability
		WHERE provider_slug = $1 ORDER BY weekday, start_minute, location_slug`, provider)
	return list(ws, err, "availability")
}

func scanWindow(s scanner) (*clinic.AvailabilityWindow, error) {
	w := &clinic.AvailabilityWindow{}
	return w, s.Scan(&w.ID, &w.Provider, &w.Location, &w.Weekday, &w.Start, &w.End)
}

// WeeklyAvailability returns every provider's weekly windows, by slug,
// in one query.
func (db *DB) WeeklyAvailability(ctx context.Context) (map[string][]*clinic.AvailabilityWindow, error) {
	ws, err := queryRows(ctx, db.read, scanWindow, `SELECT id, provider_slug, location_slug, weekday, start_minute, end_minute
		FROM availability ORDER BY provider_slug, weekday, start_minute, location_slug`)
	if err != nil {
		return nil, fmt.Errorf("store: availability: %w", err)
	}
	out := map[string][]*clinic.AvailabilityWindow{}
	for _, w := range ws {
		out[w.Provider] = append(out[w.Provider], w)
	}
	return out, nil
}

func exceptions(ctx context.Context, q querier, provider, first, last string) ([]*clinic.AvailabilityException, error) {
	es, err := queryRows(ctx, q, func(s scanner) (*clinic.AvailabilityException, error) {
		e := &clinic.AvailabilityException{}
		return e, s.Scan(&e.ID, &e.Provider, textCol{&e.Location}, &e.Day, &e.Start, &e.End, &e.Kind, &e.Note)
	}, `SELECT id, provider_slug, location_slug, day, start_minute, end_minute, kind, note
		FROM availability_exceptions WHERE provider_slug = $1 AND day BETWEEN $2 AND $3
		ORDER BY day, start_minute, id`, provider, first, last)
	return list(es, err, "availability exceptions")
}

func bookingRules(ctx context.Context, q querier, provider string) (clinic.BookingRules, error) {
	r := clinic.DefaultBookingRules
	r.Provider = provider
	var notice, horizon int
	err := q.QueryRowContext(ctx, `SELECT notice_minutes, horizon_days, daily_cap FROM booking_rules
		WHERE provider_slug = $1`, provider).Scan(&notice, &horizon, &r.DailyCap)
	if isNoRows(err) {
		return r, nil
	}
	if err != nil {
		return r, fmt.Errorf("store: booking rules: %w", err)
	}
	r.Notice, r.Horizon = time.Duration(notice)*time.Minute, time.Duration(horizon)*24*time.Hour
	return r, nil
}

// appointmentType reads one appointment type through q.
func appointmentType(ctx context.Context, q querier, slug string) (*clinic.AppointmentType, error) {
	ts, err := queryRows(ctx, q, scanType, `SELECT `+typeColumns+` FROM appointment_types WHERE slug = $1`, slug)
	return one(ts, err, fmt.Sprintf("appointment type %q", slug))
}

// clinicZone is the clinic's time zone from its settings, the default
// zone when the setting names none that is known.
func (db *DB) clinicZone(ctx context.Context, q querier) (*time.Location, error) {
	var name string
	if err := q.QueryRowContext(ctx, `SELECT time_zone FROM settings WHERE id = 1`).Scan(&name); err != nil {
		return nil, fmt.Errorf("store: time zone: %w", err)
	}
	if loc, ok := db.zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc := schedule.LoadZone(name)
	db.zones.Store(name, loc)
	return loc, nil
}
