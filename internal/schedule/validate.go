package schedule

import (
	"time"
)

// validate checks every input and returns the first problem as an
// EInvalid error with a message a person can act on.
func validate(windows []Window, exceptions []Exception, bookings []Booking, r Request) error {
	if err := validateRequest(r); err != nil {
		return err
	}
	if len(windows) > MaxWindows {
		return invalid("%d weekly windows are more than the %d allowed", len(windows), MaxWindows)
	}
	if len(exceptions) > MaxExceptions {
		return invalid("%d exceptions are more than the %d allowed", len(exceptions), MaxExceptions)
	}
	if len(bookings) > MaxBookings {
		return invalid("%d bookings are more than the %d allowed", len(bookings), MaxBookings)
	}
	for _, w := range windows {
		if err := validateWindow(w); err != nil {
			return err
		}
	}
	for _, e := range exceptions {
		if err := validateException(e); err != nil {
			return err
		}
	}
	for _, b := range bookings {
		if err := validateBooking(b); err != nil {
			return err
		}
	}
	return nil
}

func validateRequest(r Request) error {
	if r.Zone == nil {
		return invalid("a time zone is required")
	}
	if err := checkTime("now", r.Now); err != nil {
		return err
	}
	if err := validateLengths(r); err != nil {
		return err
	}
	from, to := r.bounds()
	if err := checkTime("the start of the range", from); err != nil {
		return err
	}
	if err := checkTime("the end of the range", to); err != nil {
		return err
	}
	if !to.After(from) {
		return invalid("the range ends at %s, not after its start at %s", stamp(to), stamp(from))
	}
	if !r.To.IsZero() && to.Sub(from) > MaxRange {
		return invalid("the range from %s to %s is longer than %d days", stamp(from), stamp(to), days(MaxRange))
	}
	return nil
}

func validateLengths(r Request) error {
	switch {
	case r.Duration <= 0 || r.Duration > MaxLength:
		return invalid("the appointment length %s must be more than zero and at most %s", r.Duration, MaxLength)
	case r.Buffer < 0 || r.Buffer > MaxLength:
		return invalid("the buffer %s must be from zero to %s", r.Buffer, MaxLength)
	case r.Step < MinStep || r.Step > MaxLength || r.Step%time.Minute != 0:
		return invalid("the step %s must be a whole number of minutes from %s to %s", r.Step, MinStep, MaxLength)
	case r.MinNotice < 0 || r.MinNotice > MaxRange:
		return invalid("the minimum notice %s must be from zero to %d days", r.MinNotice, days(MaxRange))
	case r.Horizon <= 0 || r.Horizon > MaxRange:
		return invalid("the booking horizon %s must be more than zero and at most %d days", r.Horizon, days(MaxRange))
	case r.DailyCap < 0:
		return invalid("the daily cap %d must not be negative (0 means no cap)", r.DailyCap)
	}
	return nil
}

func validateWindow(w Window) error {
	if w.Weekday < time.Sunday || w.Weekday > time.Saturday {
		return invalid("a weekly window has no valid weekday (%d)", int(w.Weekday))
	}
	name := w.Weekday.String()
	if w.Location == "" {
		return invalid("the window on %s %s–%s has no location", name, w.Start, w.End)
	}
	return checkRange("the window on "+name+" at "+w.Location, w.Start, w.End)
}

func validateException(e Exception) error {
	if !e.Date.valid() {
		return invalid("an exception has the date %s, which is not a date from %d to %d", e.Date, minYear, maxYear-1)
	}
	switch e.Kind {
	case Closed:
		if e.Start == 0 && e.End == 0 {
			return nil
		}
		return checkRange("the time off on "+e.Date.String(), e.Start, e.End)
	case Open:
		if e.Location == "" {
			return invalid("the extra hours on %s have no location", e.Date)
		}
		return checkRange("the extra hours on "+e.Date.String()+" at "+e.Location, e.Start, e.End)
	}
	return invalid("the exception on %s is neither time off nor extra hours", e.Date)
}

func validateBooking(b Booking) error {
	if err := checkTime("a booking's start", b.Start); err != nil {
		return err
	}
	if err := checkTime("a booking's end", b.End); err != nil {
		return err
	}
	if !b.End.After(b.Start) {
		return invalid("the booking at %s ends at %s, not after it starts", stamp(b.Start), stamp(b.End))
	}
	if b.Buffer < 0 || b.Buffer > MaxLength {
		return invalid("the booking at %s has a buffer of %s, which must be from zero to %s", stamp(b.Start), b.Buffer, MaxLength)
	}
	return nil
}

// checkRange checks a local time range start–end.
func checkRange(what string, start, end Clock) error {
	if !start.valid() || !end.valid() {
		return invalid("%s: a time is outside 00:00–24:00", what)
	}
	if end <= start {
		return invalid("%s: %s–%s does not end after it starts", what, start, end)
	}
	return nil
}

func checkTime(what string, t time.Time) error {
	if t.Before(minTime) || !t.Before(maxTime) {
		return invalid("%s, %s, is not within the years %d to %d", what, stamp(t), minYear, maxYear-1)
	}
	return nil
}

func stamp(t time.Time) string { return t.Format(time.RFC3339) }

func days(d time.Duration) int { return int(d / (24 * time.Hour)) }
