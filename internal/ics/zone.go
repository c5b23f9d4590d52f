package ics

import (
	"fmt"
	"time"
)

// span is a zone and the instants its VTIMEZONE must cover.
type span struct {
	zone     *time.Location
	from, to time.Time
}

// zoneSpans returns the zones of events, UTC aside, in order of first use,
// each spanning from a year before its first event to a year after its
// last. Zones are told apart by name, since that is what TZID carries.
func zoneSpans(events []Event) []span {
	var spans []span
	index := map[string]int{}
	for i := range events {
		e := &events[i]
		if e.Zone == time.UTC {
			continue
		}
		from, to := e.Start.AddDate(-1, 0, 0), e.End.AddDate(1, 0, 0)
		j, ok := index[e.Zone.String()]
		if !ok {
			index[e.Zone.String()] = len(spans)
			spans = append(spans, span{e.Zone, from, to})
			continue
		}
		if from.Before(spans[j].from) {
			spans[j].from = from
		}
		if to.After(spans[j].to) {
			spans[j].to = to
		}
	}
	return spans
}

// An observance is a STANDARD or DAYLIGHT sub-component: from onset on,
// the zone's offset is to (seconds east of UTC) instead of from.
type observance struct {
	onset    time.Time
	from, to int
	name     string
	dst      bool
}

// maxObservances bounds the changes written for one zone. Real zones
// change at most a few times a year; the span is at most 302 years.
const maxObservances = 4 * (maxYear - minYear + 3)

// observances returns the observance in force at s.from, then one for
// every change of offset, name or daylight saving until s.to, read from
// Go's zone data with Time.ZoneBounds.
func observances(s span) []observance {
	t := s.from.In(s.zone)
	name, offset := t.Zone()
	start, end := t.ZoneBounds()
	first := observance{onset: start, from: offset, to: offset, name: name, dst: t.IsDST()}
	if start.IsZero() {
		first.onset = timelessOnset(s.from, offset)
	} else {
		_, first.from = start.Add(-time.Second).In(s.zone).Zone()
	}
	obs := []observance{first}
	for !end.IsZero() && end.Before(s.to) && len(obs) < maxObservances {
		t = end.In(s.zone)
		prev := &obs[len(obs)-1]
		name, offset = t.Zone()
		if offset != prev.to || name != prev.name || t.IsDST() != prev.dst {
			obs = append(obs, observance{onset: end, from: prev.to, to: offset, name: name, dst: t.IsDST()})
		}
		_, end = t.ZoneBounds()
	}
	return obs
}

// timelessOnset is the onset written for a zone that has never changed:
// local midnight on 1970-01-01, or on the first of January of the year of
// from when that is earlier.
func timelessOnset(from time.Time, offset int) time.Time {
	year := min(1970, from.UTC().Year())
	return time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Add(-time.Duration(offset) * time.Second)
}

// writeZone writes the VTIMEZONE of s.
func writeZone(w *writer, s span) {
	w.prop("BEGIN", "VTIMEZONE")
	w.prop("TZID", s.zone.String())
	for _, o := range observances(s) {
		kind := "STANDARD"
		if o.dst {
			kind = "DAYLIGHT"
		}
		local := o.onset.UTC().Add(time.Duration(o.from) * time.Second)
		w.prop("BEGIN", kind)
		w.prop("DTSTART", local.Format(localLayout))
		w.prop("TZOFFSETFROM", utcOffset(o.from))
		w.prop("TZOFFSETTO", utcOffset(o.to))
		w.text("TZNAME", o.name)
		w.prop("END", kind)
	}
	w.prop("END", "VTIMEZONE")
}

// utcOffset formats seconds east of UTC as a UTC-OFFSET value: +HHMM, or
// +HHMMSS when there are seconds (RFC 5545, section 3.3.14).
func utcOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	h, m, s := sec/3600, sec/60%60, sec%60
	if s != 0 {
		return fmt.Sprintf("%c%02d%02d%02d", sign, h, m, s)
	}
	return fmt.Sprintf("%c%02d%02d", sign, h, m)
}

// repeatedWall reports whether the wall-clock time of t was already shown
// at an earlier instant, after the clocks went back. A local time with a
// TZID names the first of the instants that show it (RFC 5545, section
// 3.3.5), so such a t must be written in UTC.
func repeatedWall(t time.Time) bool {
	start, _ := t.ZoneBounds()
	if start.IsZero() {
		return false
	}
	_, offset := t.Zone()
	_, before := start.Add(-time.Second).In(t.Location()).Zone()
	back := time.Duration(before-offset) * time.Second
	return back > 0 && t.Sub(start) < back
}
