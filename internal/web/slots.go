package web

import (
	"cmp"
	"context"
	"slices"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

// slotStep is the distance between the start times offered to patients.
const slotStep = 15 * time.Minute

// openSlot is a time a patient can book, with whom.
type openSlot struct {
	schedule.Slot
	Provider string
}

// providerSlots computes a provider's open slots for an appointment type
// at a location whose start lies in [from, to), and returns the schedule
// it read them from: its rules and bookings answer the caller's other
// questions without reading it again.
func (s *Server) providerSlots(ctx context.Context, zone *time.Location, typ *clinic.AppointmentType, provider, location string, from, to time.Time) ([]openSlot, *clinic.ProviderSchedule, error) {
	// Bookings and exceptions a day either side reach any slot that starts
	// in the stretch, buffers and zone offsets included.
	ps, err := s.cfg.Schedule.ProviderSchedule(ctx, provider, from.Add(-24*time.Hour), to.Add(24*time.Hour))
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	slots, err := schedule.ForProvider(ps, location, schedule.Request{Zone: zone, Now: now, From: maxTime(from, now), To: to,
		Duration: typ.Duration, Buffer: typ.Buffer, Step: slotStep})
	if err != nil {
		return nil, nil, err
	}
	out := make([]openSlot, len(slots))
	for i, sl := range slots {
		out[i] = openSlot{sl, provider}
	}
	return out, ps, nil
}

// lastBookable is the last date to offer weeks up to from today: the
// longest booking horizon of the schedules, at most bookingWeeks ahead.
func lastBookable(horizon time.Duration, today time.Time) time.Time {
	return minTime(today.Add(horizon), today.AddDate(0, 0, 7*bookingWeeks))
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// bookableSlots computes the open slots with one provider, or with any of
// the providers who see patients at the location ("first available"):
// each time once, with the first of them in the doctors' order. horizon
// is the longest of their booking horizons.
func (s *Server) bookableSlots(ctx context.Context, zone *time.Location, typ *clinic.AppointmentType, providers []string, location string, from, to time.Time) (all []openSlot, horizon time.Duration, err error) {
	for _, p := range providers {
		slots, ps, err := s.providerSlots(ctx, zone, typ, p, location, from, to)
		if err != nil {
			return nil, 0, err
		}
		all, horizon = append(all, slots...), max(horizon, ps.Rules.Horizon)
	}
	slices.SortStableFunc(all, func(a, b openSlot) int { return a.Start.Compare(b.Start) })
	return slices.CompactFunc(all, func(a, b openSlot) bool { return a.Start.Equal(b.Start) }), horizon, nil
}

// nearest returns up to n of slots closest in time to t.
func nearest(slots []openSlot, t time.Time, n int) []openSlot {
	slots = slices.Clone(slots)
	dist := func(s openSlot) time.Duration { return max(s.Start.Sub(t), t.Sub(s.Start)) }
	slices.SortStableFunc(slots, func(a, b openSlot) int { return cmp.Compare(dist(a), dist(b)) })
	slots = slots[:min(n, len(slots))]
	slices.SortFunc(slots, func(a, b openSlot) int { return a.Start.Compare(b.Start) })
	return slots
}
