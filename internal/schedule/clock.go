package schedule

import (
	"fmt"
	"time"

	"clinic"
)

// Clock is a local wall-clock time of day in minutes since midnight, from
// 00:00 to 24:00. 24:00 is allowed only as the end of a range.
type Clock int

// EndOfDay is 24:00, the end of a range that runs to midnight.
const EndOfDay Clock = 24 * 60

// At returns the clock time hour:minute.
func At(hour, minute int) Clock { return Clock(hour*60 + minute) }

// ParseClock reads a time of day written h:mm or hh:mm, from 00:00 to 24:00.
func ParseClock(s string) (Clock, error) {
	bad := clinic.Errorf(clinic.EInvalid, "the time %q is not written hh:mm between 00:00 and 24:00", s)
	if len(s) < 4 || len(s) > 5 || s[len(s)-3] != ':' {
		return 0, bad
	}
	h, okH := digits(s[:len(s)-3])
	m, okM := digits(s[len(s)-2:])
	if !okH || !okM || m > 59 {
		return 0, bad
	}
	c := At(h, m)
	if c > EndOfDay {
		return 0, bad
	}
	return c, nil
}

// digits reads one or two ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// String writes c as hh:mm.
func (c Clock) String() string {
	if !c.valid() {
		return fmt.Sprintf("Clock(%d)", int(c))
	}
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

func (c Clock) valid() bool { return c >= 0 && c <= EndOfDay }

// Date is a calendar date without a time or a zone.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the date of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate reads a date written yyyy-mm-dd.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, clinic.Errorf(clinic.EInvalid, "the date %q is not a date written yyyy-mm-dd", s)
	}
	return DateOf(t), nil
}

// String writes d as yyyy-mm-dd.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.midnight().Weekday() }

// midnight returns the start of d in UTC, which has no clock changes, so
// that wall times of d can be counted as if they were UTC instants.
func (d Date) midnight() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// valid reports whether d is a real date within the years this package
// accepts.
func (d Date) valid() bool {
	return d.Year >= minYear && d.Year < maxYear && DateOf(d.midnight()) == d
}
