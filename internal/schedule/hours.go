package schedule

import (
	"cmp"
	"maps"
	"slices"
)

// A stretch is local wall-clock time [start, end) of one date.
// interval is a half-open range [start, end) of clock times or instants.
type interval[T cmp.Ordered] struct{ start, end T }

// stretch is a range of local clock times on one date.
type stretch = interval[Clock]

// hours are the open stretches of one date at one location, sorted and
// apart from each other.
type hours struct {
	location  string
	stretches []stretch
}

// weeklyHours groups the windows by weekday and location, joined, with
// the locations of each weekday in name order.
func weeklyHours(windows []Window) [7][]hours {
	byDay := [7]map[string][]stretch{}
	for _, w := range windows {
		if byDay[w.Weekday] == nil {
			byDay[w.Weekday] = map[string][]stretch{}
		}
		byDay[w.Weekday][w.Location] = append(byDay[w.Weekday][w.Location], stretch{w.Start, w.End})
	}
	var week [7][]hours
	for day, m := range byDay {
		week[day] = collect(m)
	}
	return week
}

// hoursOn returns the open hours of a date from the weekly hours of its
// weekday and the exceptions of that date.
func hoursOn(weekly []hours, exceptions []Exception) []hours {
	if len(exceptions) == 0 {
		return weekly
	}
	m := make(map[string][]stretch, len(weekly)+1)
	for _, h := range weekly {
		m[h.location] = slices.Clone(h.stretches)
	}
	for _, e := range exceptions {
		if e.Kind == Open {
			m[e.Location] = append(m[e.Location], stretch{e.Start, e.End})
		}
	}
	for _, e := range exceptions {
		if e.Kind != Closed {
			continue
		}
		off := stretch{e.Start, e.End}
		if e.Start == 0 && e.End == 0 {
			off.end = EndOfDay
		}
		for loc, s := range m {
			if e.Location == "" || e.Location == loc {
				m[loc] = subtract(join(s), off)
			}
		}
	}
	return collect(m)
}

// collect turns a map of location to stretches into hours sorted by
// location, leaving out locations with nothing open.
func collect(m map[string][]stretch) []hours {
	var out []hours
	for _, loc := range slices.Sorted(maps.Keys(m)) {
		if s := join(m[loc]); len(s) > 0 {
			out = append(out, hours{loc, s})
		}
	}
	return out
}

// join sorts intervals and joins those that overlap or touch.
func join[T cmp.Ordered](s []interval[T]) []interval[T] {
	slices.SortFunc(s, func(a, b interval[T]) int { return cmp.Compare(a.start, b.start) })
	out := s[:0]
	for _, x := range s {
		if n := len(out); n > 0 && x.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, x.end)
			continue
		}
		out = append(out, x)
	}
	return out
}

// subtract cuts off out of sorted stretches s.
func subtract(s []stretch, off stretch) []stretch {
	var out []stretch
	for _, x := range s {
		if x.end <= off.start || x.start >= off.end {
			out = append(out, x)
			continue
		}
		if x.start < off.start {
			out = append(out, stretch{x.start, off.start})
		}
		if x.end > off.end {
			out = append(out, stretch{off.end, x.end})
		}
	}
	return out
}
