package schedule

import (
	"clinic"
)

// ForProvider computes the open slots of one provider at one location from
// the provider's schedule as the store keeps it. The provider's booking
// rules set req's MinNotice, Horizon and DailyCap; their bookings at any
// location hold their time.
func ForProvider(ps *clinic.ProviderSchedule, location string, req Request) ([]Slot, error) {
	all, exceptions, err := Inputs(ps)
	if err != nil {
		return nil, err
	}
	var windows []Window
	for _, w := range all {
		if w.Location == location {
			windows = append(windows, w)
		}
	}
	if len(windows) == 0 {
		return nil, nil
	}
	bookings := make([]Booking, len(ps.Booked))
	for i, a := range ps.Booked {
		bookings[i] = Booking{Start: a.Start, End: a.End, Buffer: a.Buffer, Block: a.Type == clinic.BlockType}
	}
	req.MinNotice, req.Horizon, req.DailyCap = ps.Rules.Notice, ps.Rules.Horizon, ps.Rules.DailyCap
	return OpenSlots(windows, exceptions, bookings, req)
}
