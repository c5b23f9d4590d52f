package schedule

import (
	"cmp"
	"fmt"
	"slices"
	"time"
)

// OpenSlots returns the open slots of one provider, in order of start and
// then of location, with Start and End in req.Zone. windows are the
// provider's weekly availability, exceptions its changes on given dates
// and bookings the appointments that hold its time. The inputs are not
// changed. A bad input gives an EInvalid error that says what is wrong.
func OpenSlots(windows []Window, exceptions []Exception, bookings []Booking, req Request) ([]Slot, error) {
	if err := validate(windows, exceptions, bookings, req); err != nil {
		return nil, fmt.Errorf("schedule: open slots: %w", err)
	}
	p := newPlan(windows, exceptions, bookings, req)
	if err := p.run(); err != nil {
		return nil, fmt.Errorf("schedule: open slots: %w", err)
	}
	return p.out, nil
}

// plan holds what one call of OpenSlots works from.
type plan struct {
	zone     *time.Location
	lo, hi   int64 // a slot starts at or after lo and before hi
	duration int64
	blocked  int64 // duration and buffer: how long a slot keeps others out
	step     Clock
	cap      int

	weekly     [7][]hours
	exceptions map[Date][]Exception
	busy       []span       // bookings with their buffers, joined
	perDay     map[Date]int // bookings by local date of their start

	periods []period // scratch for one day
	spans   []span
	out     []Slot
}

func newPlan(windows []Window, exceptions []Exception, bookings []Booking, req Request) *plan {
	from, to := req.bounds()
	p := &plan{
		zone:       req.Zone,
		lo:         max(from.UnixNano(), req.Now.Add(req.MinNotice).UnixNano()),
		hi:         min(to.UnixNano(), req.Now.Add(req.Horizon).UnixNano()+1),
		duration:   int64(req.Duration),
		blocked:    int64(req.Duration + req.Buffer),
		step:       Clock(req.Step / time.Minute),
		cap:        req.DailyCap,
		weekly:     weeklyHours(windows),
		exceptions: map[Date][]Exception{},
		perDay:     map[Date]int{},
	}
	for _, e := range exceptions {
		p.exceptions[e.Date] = append(p.exceptions[e.Date], e)
	}
	p.busy = make([]span, 0, len(bookings))
	for _, b := range bookings {
		p.busy = append(p.busy, span{b.Start.UnixNano(), b.End.Add(b.Buffer).UnixNano()})
		if !b.Block {
			p.perDay[DateOf(b.Start.In(req.Zone))]++
		}
	}
	p.busy = join(p.busy)
	return p
}

// run computes the slots of every local date that can hold one.
func (p *plan) run() error {
	if p.lo >= p.hi {
		return nil
	}
	// A local date is not always in step with the instants (a zone that
	// turns its clocks back at midnight repeats an hour of the day before),
	// so look at one more date on either side.
	first := DateOf(time.Unix(0, p.lo).In(p.zone)).midnight().AddDate(0, 0, -1)
	last := DateOf(time.Unix(0, p.hi-1).In(p.zone)).midnight().AddDate(0, 0, 1)
	for day := first; !day.After(last); day = day.Add(24 * time.Hour) {
		p.day(day)
		if len(p.out) > MaxSlots {
			return invalid("there are more than %d open slots: ask for a shorter range or a longer step", MaxSlots)
		}
	}
	if !slices.IsSortedFunc(p.out, compareSlots) {
		slices.SortFunc(p.out, compareSlots)
	}
	return nil
}

// day adds the slots of one local date, given as its midnight in UTC.
func (p *plan) day(midnight time.Time) {
	date := DateOf(midnight)
	if p.cap > 0 && p.perDay[date] >= p.cap {
		return
	}
	open := hoursOn(p.weekly[midnight.Weekday()], p.exceptions[date])
	if len(open) == 0 {
		return
	}
	wall := midnight.UnixNano()
	p.periods = dayPeriods(p.zone, wall, p.periods[:0])
	first := len(p.out)
	for _, h := range open {
		for _, s := range h.stretches {
			p.stretch(wall, s, h.location)
		}
	}
	if len(open) > 1 {
		slices.SortFunc(p.out[first:], compareSlots)
	}
}

// stretch adds the slots of one open stretch of a date whose wall-clock
// midnight is wall.
func (p *plan) stretch(wall int64, s stretch, location string) {
	p.spans = preimage(p.periods, wall+int64(s.start)*minuteNS, wall+int64(s.end)*minuteNS, p.spans[:0])
	if len(p.spans) == 0 {
		return
	}
	for c := s.start; c < s.end; c += p.step {
		start, ok := p.fit(wall + int64(c)*minuteNS)
		if !ok || start < p.lo || start >= p.hi || p.taken(start, start+p.blocked) {
			continue
		}
		p.out = append(p.out, Slot{
			Start:    time.Unix(0, start).In(p.zone),
			End:      time.Unix(0, start+p.duration).In(p.zone),
			Location: location,
		})
	}
}

// fit returns the first instant at which the local clock reads the wall
// time w and an appointment then fits in the stretch whose instants are
// p.spans. A wall time in a spring-forward gap has no such instant.
func (p *plan) fit(w int64) (int64, bool) {
	for _, pd := range p.periods {
		t := w - pd.offset
		if t >= pd.start && t < pd.end && within(p.spans, t, t+p.duration) {
			return t, true
		}
	}
	return 0, false
}

// taken reports whether [start, end) meets a booking or its buffer.
func (p *plan) taken(start, end int64) bool {
	// Find the first busy span that ends after start.
	lo, hi := 0, len(p.busy)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if p.busy[mid].end <= start {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(p.busy) && p.busy[lo].start < end
}

func compareSlots(a, b Slot) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.Location, b.Location)
}
