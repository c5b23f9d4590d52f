package schedule

import (
	"clinic"
)

// ForProvider computes the open slots of one provider at one location from
// the provider's schedule as the store keeps it. The provider's booking
// rules set req's MinNotice, Horizon and DailyCap; their bookings at any
// location hold their time.
func ForProvider(ps *clinic.ProviderSchedule, location string, req Request) ([]Slot, error) {
	var windows []Window
	for _, w := range ps.Windows {
		if w.Location == location {
			windows = append(windows, Window{Weekday: w.Weekday, Start: Clock(w.Start), End: Clock(w.End), Location: w.Location})
		}
	}
	if len(windows) == 0 {
		return nil, nil
	}
	exceptions := make([]Exception, 0, len(ps.Exceptions))
	for _, e := range ps.Exceptions {
		d, err := ParseDate(e.Day)
		if err != nil {
			return nil, err
		}
		kind := Closed
		if e.Kind == clinic.ExceptionOpen {
			kind = Open
		}
		exceptions = append(exceptions, Exception{Date: d, Start: Clock(e.Start), End: Clock(e.End), Kind: kind, Location: e.Location})
	}
	bookings := make([]Booking, len(ps.Booked))
	for i, a := range ps.Booked {
		bookings[i] = Booking{Start: a.Start, End: a.End, Buffer: a.Buffer, Block: a.Type == clinic.BlockType}
	}
	req.MinNotice, req.Horizon, req.DailyCap = ps.Rules.Notice, ps.Rules.Horizon, ps.Rules.DailyCap
	return OpenSlots(windows, exceptions, bookings, req)
}
