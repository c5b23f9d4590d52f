package store

import (
	"context"
	"fmt"
	"time"

	"clinic"
)

func validWindow(w *clinic.AvailabilityWindow) error {
	switch {
	case w.Weekday < time.Sunday || w.Weekday > time.Saturday:
		return invalid("There is no weekday %d.", w.Weekday)
	case w.Location == "":
		return invalid("Weekly hours need a location.")
	case w.Start < 0 || w.End > 24*60 || w.Start >= w.End:
		return invalid("Hours on %s must start before they end, within the day.", w.Weekday)
	}
	return nil
}

// SetWeeklyAvailability replaces a provider's weekly windows with ws.
// Appointments already booked stay.
func (db *DB) SetWeeklyAvailability(ctx context.Context, provider string, ws []*clinic.AvailabilityWindow) error {
	if len(ws) > 200 {
		return invalid("A week holds at most 200 stretches of hours.")
	}
	for _, w := range ws {
		if err := validWindow(w); err != nil {
			return err
		}
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM availability WHERE provider_slug = $1`, provider); err != nil {
			return fmt.Errorf("store: set availability: %w", err)
		}
		for _, w := range ws {
			_, err := t.ExecContext(ctx, `INSERT INTO availability (provider_slug, location_slug, weekday, start_minute, end_minute)
				VALUES ($1, $2, $3, $4, $5)`, provider, w.Location, int(w.Weekday), w.Start, w.End)
			if err != nil {
				return scheduleRefError("set availability", err)
			}
		}
		return nil
	})
}

// scheduleRefError names a missing doctor or location plainly.
func scheduleRefError(op string, err error) error {
	if isForeignKey(err) {
		return invalid("There is no such doctor or location.")
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func validException(e *clinic.AvailabilityException) error {
	if _, err := time.Parse(time.DateOnly, e.Day); err != nil {
		return invalid("A date is written as YYYY-MM-DD, such as 2027-03-14.")
	}
	whole := e.Start == 0 && e.End == 0
	switch {
	case e.Kind != clinic.ExceptionClosed && e.Kind != clinic.ExceptionOpen:
		return invalid("An exception is time off or extra hours.")
	case !whole && (e.Start < 0 || e.End > 24*60 || e.Start >= e.End):
		return invalid("The hours must start before they end, within the day.")
	case e.Kind == clinic.ExceptionOpen && (whole || e.Location == ""):
		return invalid("Extra hours need a location and a start and end time.")
	case len(e.Note) > 200:
		return invalid("The note may be at most 200 characters.")
	}
	return nil
}

// AddException adds time off or extra hours on one date.
func (db *DB) AddException(ctx context.Context, e *clinic.AvailabilityException) error {
	if err := validException(e); err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `INSERT INTO availability_exceptions
				(provider_slug, location_slug, day, start_minute, end_minute, kind, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
			e.Provider, nullText(e.Location), e.Day, e.Start, e.End, e.Kind, e.Note).Scan(&e.ID)
		if err != nil {
			return scheduleRefError("add exception", err)
		}
		return nil
	})
}

// DeleteException removes one of a provider's exceptions.
func (db *DB) DeleteException(ctx context.Context, provider string, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `DELETE FROM availability_exceptions WHERE id = $1 AND provider_slug = $2`, id, provider)
		if err != nil {
			return fmt.Errorf("store: delete exception: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(fmt.Sprintf("exception %d", id))
		}
		return nil
	})
}

// SaveBookingRules sets a provider's notice, horizon and daily cap.
func (db *DB) SaveBookingRules(ctx context.Context, r *clinic.BookingRules) error {
	switch {
	case r.Notice < 0 || r.Notice > 30*24*time.Hour || r.Notice%time.Minute != 0:
		return invalid("The notice is between 0 minutes and 30 days, in whole minutes.")
	case r.Horizon < 24*time.Hour || r.Horizon > 365*24*time.Hour || r.Horizon%(24*time.Hour) != 0:
		return invalid("Patients may book between 1 and 365 whole days ahead.")
	case r.DailyCap < 0 || r.DailyCap > 100:
		return invalid("The daily cap is between 0 (no cap) and 100.")
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO booking_rules (provider_slug, notice_minutes, horizon_days, daily_cap)
			VALUES ($1, $2, $3, $4) ON CONFLICT (provider_slug) DO UPDATE SET notice_minutes = excluded.notice_minutes,
				horizon_days = excluded.horizon_days, daily_cap = excluded.daily_cap`,
			r.Provider, int(r.Notice/time.Minute), int(r.Horizon/(24*time.Hour)), r.DailyCap)
		if err != nil {
			return scheduleRefError("save booking rules", err)
		}
		return nil
	})
}
