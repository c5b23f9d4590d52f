package schedule

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// The zones and the days the fuzz target starts near: clock changes of
// every kind (an hour, half an hour, at midnight, a skipped date) and none.
var (
	fuzzZones = []string{
		"America/Los_Angeles", "Australia/Lord_Howe", "America/Havana", "America/Santiago",
		"Pacific/Apia", "Asia/Tokyo", "UTC", "America/St_Johns",
	}
	fuzzStarts = []string{
		"2026-03-06", "2026-10-30", "2026-04-02", "2026-10-01", "2011-12-27",
		"2026-09-03", "2026-06-15", "2026-03-27",
	}
)

func FuzzOpenSlots(f *testing.F) {
	var zones []*time.Location
	for _, name := range fuzzZones {
		zones = append(zones, loadZone(f, name))
	}
	f.Add([]byte{})
	f.Add([]byte{0, 0, 1, 2, 3, 0, 4, 0, 0, 0, 2, 0, 40, 0, 0, 60, 1, 2, 3, 4, 5, 6, 7, 8})
	f.Add([]byte{2, 1, 0, 100, 3, 5, 0, 0, 20, 0, 10, 1, 1, 0, 5, 1, 0, 0, 30, 4, 2, 9, 9, 9, 9})
	f.Add([]byte{3, 4, 6, 0, 0, 2, 6, 1, 1, 1, 40, 0, 200, 1, 3, 3, 3, 1, 0, 0, 0, 1, 5})
	f.Add([]byte{4, 4, 0, 0, 0, 5, 5, 0, 1, 9, 0, 250, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2})
	for i := range 8 {
		seed := make([]byte, 64)
		for j := range seed {
			seed[j] = byte(i*31 + j*7)
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &fuzzReader{b: data}
		if r.int(16) == 0 {
			fuzzRawInput(t, r, zones)
			return
		}
		in := r.input(t, zones)
		got, err := OpenSlots(in.windows, in.exceptions, in.bookings, in.req)
		if err != nil {
			t.Fatalf("OpenSlots refused a valid input: %v", err)
		}
		checkSlots(t, in, got)
		checkFilter(t, in, got)
	})
}

// checkFilter checks that bookings, the cap, the notice and the horizon only
// take slots away: the answer is the answer without them, filtered. This
// holds because the instant a wall time names depends on the windows alone.
func checkFilter(t *testing.T, in input, got []Slot) {
	t.Helper()
	wide := in.req
	wide.From, wide.To = in.req.bounds()
	wide.MinNotice, wide.Horizon, wide.DailyCap = 0, MaxRange, 0
	all, err := OpenSlots(in.windows, in.exceptions, nil, wide)
	if err != nil {
		t.Fatalf("OpenSlots refused a valid input: %v", err)
	}
	perDay := map[Date]int{}
	for _, b := range in.bookings {
		perDay[DateOf(b.Start.In(in.req.Zone))]++
	}
	earliest, latest := in.req.Now.Add(in.req.MinNotice), in.req.Now.Add(in.req.Horizon)
	var want []Slot
	for _, s := range all {
		free := !s.Start.Before(earliest) && !s.Start.After(latest)
		free = free && (in.req.DailyCap == 0 || perDay[DateOf(s.Start)] < in.req.DailyCap)
		for _, b := range in.bookings {
			free = free && !(s.Start.Before(b.End.Add(b.Buffer)) && b.Start.Before(s.End.Add(in.req.Buffer)))
		}
		if free {
			want = append(want, s)
		}
	}
	if diff := cmp.Diff(show(want), show(got)); diff != "" {
		t.Fatalf("slots differ from the open hours filtered by bookings, cap, notice and horizon (-want +got):\n%s", diff)
	}
}

// fuzzReader hands out small numbers from the fuzz bytes, and zeros when
// they run out.
type fuzzReader struct{ b []byte }

// int returns a number in [0, n), taking as many bytes as n-1 needs.
func (r *fuzzReader) int(n int) int {
	v := 0
	for m := n - 1; m > 0; m >>= 8 {
		if len(r.b) > 0 {
			v = v<<8 | int(r.b[0])
			r.b = r.b[1:]
		}
	}
	return v % n
}

func (r *fuzzReader) minutes(n int) time.Duration { return time.Duration(r.int(n)) * time.Minute }

// fives returns a multiple of five minutes, from lo to lo+n-1 times five.
func (r *fuzzReader) fives(lo, n int) time.Duration {
	return time.Duration(5*(lo+r.int(n))) * time.Minute
}

// input builds a valid call whose times of day are multiples of five
// minutes, so that checkSlots may look at a slot every five minutes.
func (r *fuzzReader) input(t *testing.T, zones []*time.Location) input {
	zone := zones[r.int(len(zones))]
	now := local(t, zone, fuzzStarts[r.int(len(fuzzStarts))]+" 00:00").Add(r.minutes(4 * 24 * 60))
	from := now.Add(-r.minutes(48 * 60))
	in := input{req: Request{
		Zone: zone, Now: now, From: from, To: from.Add(r.minutes(12 * 24 * 60)).Add(time.Minute),
		Duration:  r.fives(1, 36),
		Buffer:    r.fives(0, 7),
		Step:      r.fives(1, 12),
		MinNotice: r.minutes(3 * 24 * 60),
		Horizon:   r.minutes(14*24*60) + time.Minute,
		DailyCap:  r.int(6),
	}}
	for range 1 + r.int(6) {
		start, end := r.clocks()
		in.windows = append(in.windows, Window{time.Weekday(r.int(7)), start, end, []string{"a", "b"}[r.int(2)]})
	}
	first := DateOf(from.In(zone)).midnight()
	for range r.int(5) {
		e := Exception{Date: DateOf(first.AddDate(0, 0, r.int(14))), Kind: Closed + ExceptionKind(r.int(2))}
		e.Start, e.End = r.clocks()
		e.Location = []string{"a", "b", ""}[r.int(3)]
		if e.Kind == Open && e.Location == "" {
			e.Location = "a"
		}
		if e.Kind == Closed && r.int(3) == 0 {
			e.Start, e.End = 0, 0
		}
		in.exceptions = append(in.exceptions, e)
	}
	for range r.int(12) {
		start := from.Add(r.minutes(13 * 24 * 60))
		in.bookings = append(in.bookings, Booking{Start: start, End: start.Add(r.fives(1, 48)), Buffer: r.fives(0, 7)})
	}
	return in
}

// clocks returns a local time range of five-minute steps, often at night,
// where the clocks change.
func (r *fuzzReader) clocks() (Clock, Clock) {
	start := Clock(5 * r.int(288))
	if r.int(2) == 0 {
		start = Clock(5 * r.int(60))
	}
	return start, min(start+Clock(5*(1+r.int(288))), EndOfDay)
}

// fuzzRawInput calls OpenSlots with numbers straight from the fuzz bytes,
// most of them wrong, and wants a clear error or slots, never a panic.
func fuzzRawInput(t *testing.T, r *fuzzReader, zones []*time.Location) {
	signed := func() time.Duration { return time.Duration(r.int(1<<16)-1<<15) * time.Minute }
	now := time.Date(2026, 3, 7, 0, 0, 0, 0, time.UTC).Add(signed() * 60)
	req := Request{
		Zone: zones[r.int(len(zones))], Now: now, From: now.Add(signed()), To: now.Add(signed() * 30),
		Duration: signed(), Buffer: signed(), Step: signed(), MinNotice: signed(), Horizon: signed() * 30,
		DailyCap: r.int(5) - 1,
	}
	windows := []Window{{time.Weekday(r.int(9) - 1), Clock(r.int(3000) - 500), Clock(r.int(3000) - 500), "a"}}
	exceptions := []Exception{{
		Date: Date{1899 + r.int(400), time.Month(r.int(14)), r.int(33)}, Kind: ExceptionKind(r.int(4)),
		Start: Clock(r.int(3000) - 500), End: Clock(r.int(3000) - 500), Location: []string{"", "a"}[r.int(2)],
	}}
	start := now.Add(signed())
	bookings := []Booking{{Start: start, End: start.Add(signed()), Buffer: signed()}}
	_, err := OpenSlots(windows, exceptions, bookings, req)
	if err != nil && clinic.ErrorKind(err) != clinic.EInvalid {
		t.Fatalf("error of kind %q, want %q: %v", clinic.ErrorKind(err), clinic.EInvalid, err)
	}
}

// checkSlots checks what must hold of any answer, however it was reached.
func checkSlots(t *testing.T, in input, slots []Slot) {
	t.Helper()
	req, zone := in.req, in.req.Zone
	from, to := req.bounds()
	earliest, latest := req.Now.Add(req.MinNotice), req.Now.Add(req.Horizon)
	perDay := map[Date]int{}
	for _, b := range in.bookings {
		perDay[DateOf(b.Start.In(zone))]++
	}
	seen := map[string]bool{}
	for i, s := range slots {
		wall := s.Start.In(zone).Format("2006-01-02 15:04") + " at " + s.Location
		switch {
		case i > 0 && compareSlots(slots[i-1], s) >= 0:
			t.Fatalf("slot %d (%s) does not come after the one before", i, wall)
		case seen[wall]:
			t.Fatalf("the wall time %s is offered twice", wall)
		case s.Start.Location() != zone || s.End.Location() != zone:
			t.Fatalf("slot %s is not in the zone %v", wall, zone)
		case !s.End.Equal(s.Start.Add(req.Duration)):
			t.Fatalf("slot %s lasts %s, not %s", wall, s.End.Sub(s.Start), req.Duration)
		case s.Start.Before(from) || !s.Start.Before(to):
			t.Fatalf("slot %s is outside the range asked for", wall)
		case s.Start.Before(earliest):
			t.Fatalf("slot %s starts before the minimum notice, %s", wall, earliest)
		case s.Start.After(latest):
			t.Fatalf("slot %s starts after the horizon, %s", wall, latest)
		case req.DailyCap > 0 && perDay[DateOf(s.Start)] >= req.DailyCap:
			t.Fatalf("slot %s is on a day with %d bookings, the cap", wall, perDay[DateOf(s.Start)])
		}
		seen[wall] = true
		for _, b := range in.bookings {
			if s.Start.Before(b.End.Add(b.Buffer)) && b.Start.Before(s.End.Add(req.Buffer)) {
				t.Fatalf("slot %s and its buffer meet the booking %v–%v with its buffer %s", wall, b.Start, b.End, b.Buffer)
			}
		}
		// Every time of day is a multiple of five minutes, so openness can
		// change only on those.
		for at := s.Start; at.Before(s.End); at = at.Add(5 * time.Minute) {
			if !openAt(in, at.In(zone), s.Location) {
				t.Fatalf("slot %s covers %s, which is not open", wall, at.In(zone).Format("2006-01-02 15:04 MST"))
			}
		}
	}
}

// openAt reports whether the provider is open at the local time t at loc,
// read straight from the windows and exceptions.
func openAt(in input, t time.Time, loc string) bool {
	d, m := DateOf(t), Clock(t.Hour()*60+t.Minute())
	open := false
	for _, w := range in.windows {
		open = open || (w.Weekday == t.Weekday() && w.Location == loc && w.Start <= m && m < w.End)
	}
	for _, e := range in.exceptions {
		if e.Date != d || (e.Location != loc && !(e.Kind == Closed && e.Location == "")) {
			continue
		}
		whole := e.Start == 0 && e.End == 0
		inside := e.Start <= m && m < e.End
		if e.Kind == Closed && (whole || inside) {
			return false
		}
		open = open || (e.Kind == Open && inside)
	}
	return open
}
