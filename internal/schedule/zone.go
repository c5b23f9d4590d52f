package schedule

import (
	"math"
	"time"
)

// Instants and wall times inside the package are int64 nanoseconds: an
// instant since the Unix epoch, a wall time as if the local clock were UTC.
// The years allowed (1900–2199) fit with room to spare.
const (
	minuteNS = int64(time.Minute)
	secondNS = int64(time.Second)
)

// A period is a stretch of instants [start, end) over which the zone keeps
// one UTC offset.
type period struct {
	start, end int64
	offset     int64
}

// reach is more than any UTC offset, so that every instant whose wall time
// falls on a date lies within reach of that date's wall-clock midnight.
const reach = 26 * int64(time.Hour)

// maxPeriods bounds the periods looked at for one day; real zones change
// their offset at most twice in the 76 hours looked at.
const maxPeriods = 8

// dayPeriods appends to buf the periods of zone that hold an instant whose
// wall time falls on the date whose midnight, counted as UTC, is wall.
func dayPeriods(zone *time.Location, wall int64, buf []period) []period {
	at, last := wall-reach, wall+24*int64(time.Hour)+reach
	for range maxPeriods {
		t := time.Unix(0, at).In(zone)
		_, offset := t.Zone()
		start, end := t.ZoneBounds()
		p := period{start: math.MinInt64, end: math.MaxInt64, offset: int64(offset) * secondNS}
		if !start.IsZero() && start.After(minTime) {
			p.start = start.UnixNano()
		}
		if !end.IsZero() && end.Before(maxTime) {
			p.end = end.UnixNano()
		}
		buf = append(buf, p)
		if p.end > last || p.end <= at {
			break
		}
		at = p.end
	}
	return buf
}

// span is a range of instants [start, end), in Unix nanoseconds.
type span = interval[int64]

// preimage appends to buf, in order and joined where they touch, the spans
// of instants at which the local clock reads a wall time in [from, to).
func preimage(periods []period, from, to int64, buf []span) []span {
	for _, p := range periods {
		lo, hi := max(from-p.offset, p.start), min(to-p.offset, p.end)
		if lo >= hi {
			continue
		}
		if n := len(buf); n > 0 && buf[n-1].end == lo {
			buf[n-1].end = hi
			continue
		}
		buf = append(buf, span{lo, hi})
	}
	return buf
}

// within reports whether [start, end) lies inside one of spans.
func within(spans []span, start, end int64) bool {
	for _, s := range spans {
		if s.start <= start && end <= s.end {
			return true
		}
	}
	return false
}
