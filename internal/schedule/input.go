package schedule

import (
	"time"

	"clinic"
)

// DefaultZone is the clinic's time zone unless configured otherwise; load
// it with time.LoadLocation and pass it as Request.Zone.
const DefaultZone = "America/Los_Angeles"

// A Window is a weekly stretch of availability at one location, in local
// wall-clock time. A window ends by midnight, and no slot runs from one
// date into the next.
type Window struct {
	Weekday    time.Weekday
	Start, End Clock
	Location   string
}

// ExceptionKind says whether an exception closes or opens time.
type ExceptionKind int

const (
	// Closed is time off: a day off, a holiday, a morning away.
	Closed ExceptionKind = iota + 1
	// Open is extra hours on one date.
	Open
)

// An Exception changes the availability of one local date.
type Exception struct {
	Date Date
	// Start and End are local wall-clock times of Date. Both zero closes
	// the whole day; extra hours need both.
	Start, End Clock
	Kind       ExceptionKind
	// Location is where the exception applies. Time off with no location
	// applies at every location; extra hours need one.
	Location string
}

// A Booking is time the provider is already taken, at any location: an
// appointment that is not cancelled. Buffer is time kept free after it.
type Booking struct {
	Start, End time.Time
	Buffer     time.Duration
	// Block is time staff hold for something other than a patient: it is
	// not free, but does not count towards the daily cap.
	Block bool
}

// A Request says which slots to compute.
type Request struct {
	// Zone is the clinic's time zone, in which availability is read
	// (DefaultZone unless configured otherwise). Required.
	Zone *time.Location
	// Now is the time of the request.
	Now time.Time
	// From and To bound the start of a slot: From <= Start < To. A zero
	// From means Now; a zero To means Now+Horizon.
	From, To time.Time
	// Duration is the length of the appointment and Buffer the time kept
	// free after it.
	Duration, Buffer time.Duration
	// Step is the distance between the starts of slots, in whole minutes.
	Step time.Duration
	// No slot starts before Now+MinNotice or after Now+Horizon.
	MinNotice, Horizon time.Duration
	// DailyCap is the most appointments the provider takes on one local
	// date, existing bookings included: a date with DailyCap bookings
	// offers no slot. 0 means no cap.
	DailyCap int
}

// A Slot is an open appointment time. Start and End are in Request.Zone.
type Slot struct {
	Start, End time.Time
	Location   string
}

// Limits that keep the work of one call small whatever the input.
const (
	MaxRange      = 400 * 24 * time.Hour // between From and To, and for MinNotice and Horizon
	MinStep       = 5 * time.Minute
	MaxLength     = 24 * time.Hour // of an appointment, a step or a buffer
	MaxWindows    = 200
	MaxExceptions = 5000
	MaxBookings   = 100_000
	MaxSlots      = 200_000
)

// Instants must lie in these years, which keeps them within the range of
// int64 nanoseconds.
const (
	minYear = 1900
	maxYear = 2200
)

var (
	minTime = time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(maxYear, 1, 1, 0, 0, 0, 0, time.UTC)
)

func invalid(format string, args ...any) error {
	return clinic.Errorf(clinic.EInvalid, format, args...)
}

// bounds returns the range a slot's start must lie in, From <= Start < To,
// with the defaults of Request filled in.
func (r Request) bounds() (from, to time.Time) {
	from, to = r.From, r.To
	if from.IsZero() {
		from = r.Now
	}
	if to.IsZero() {
		to = r.Now.Add(r.Horizon + time.Nanosecond)
	}
	return from, to
}

// LoadZone is the IANA zone name names, or DefaultZone when it names none
// that is known: never the server's own zone or UTC, so that opening hours
// keep their meaning. It reads the zone database; callers keep the result.
func LoadZone(name string) *time.Location {
	if loc, err := time.LoadLocation(name); err == nil && name != "" && name != "Local" {
		return loc
	}
	if loc, err := time.LoadLocation(DefaultZone); err == nil {
		return loc
	}
	return time.UTC
}
