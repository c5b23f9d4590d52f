package schedule

import (
	"clinic"
)

// A Stretch is local wall-clock time [Start, End) of one date at one
// location: when a provider works there.
type Stretch struct {
	Location   string
	Start, End Clock
}

// WorkingHours returns when a provider works on date d, by location in
// name order and then by start: the weekly windows of d's weekday with
// the exceptions of d, read as OpenSlots reads them (extra hours join,
// time off wins). Invalid windows or exceptions give an EInvalid error.
func WorkingHours(windows []Window, exceptions []Exception, d Date) ([]Stretch, error) {
	if !d.valid() {
		return nil, invalid("the date %s does not exist", d)
	}
	if len(windows) > MaxWindows || len(exceptions) > MaxExceptions {
		return nil, invalid("too many windows or exceptions")
	}
	for _, w := range windows {
		if err := validateWindow(w); err != nil {
			return nil, err
		}
	}
	var today []Exception
	for _, e := range exceptions {
		if err := validateException(e); err != nil {
			return nil, err
		}
		if e.Date == d {
			today = append(today, e)
		}
	}
	var out []Stretch
	for _, h := range hoursOn(weeklyHours(windows)[d.Weekday()], today) {
		for _, s := range h.stretches {
			out = append(out, Stretch{Location: h.location, Start: s.start, End: s.end})
		}
	}
	return out, nil
}

// Inputs are a provider's windows and exceptions as the store keeps them,
// in the form OpenSlots and WorkingHours take.
func Inputs(ps *clinic.ProviderSchedule) ([]Window, []Exception, error) {
	windows := make([]Window, 0, len(ps.Windows))
	for _, w := range ps.Windows {
		windows = append(windows, Window{Weekday: w.Weekday, Start: Clock(w.Start), End: Clock(w.End), Location: w.Location})
	}
	exceptions := make([]Exception, 0, len(ps.Exceptions))
	for _, e := range ps.Exceptions {
		d, err := ParseDate(e.Day)
		if err != nil {
			return nil, nil, err
		}
		kind := Closed
		if e.Kind == clinic.ExceptionOpen {
			kind = Open
		}
		exceptions = append(exceptions, Exception{Date: d, Start: Clock(e.Start), End: Clock(e.End), Kind: kind, Location: e.Location})
	}
	return windows, exceptions, nil
}

// Contains reports whether the stretches hold [start, end) of their date
// whole at one location, and returns that location.
func Contains(hours []Stretch, start, end Clock) (string, bool) {
	for _, h := range hours {
		if h.Start <= start && end <= h.End {
			return h.Location, true
		}
	}
	return "", false
}
