package ics

import (
	"bytes"
	"errors"
	"io"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"
)

// decode checks the physical lines of b and parses it with go-ical. It
// fails unless b is exactly one VCALENDAR.
func decode(t testing.TB, b []byte) *ical.Calendar {
	t.Helper()
	checkLines(t, b)
	dec := ical.NewDecoder(bytes.NewReader(b))
	cal, err := dec.Decode()
	if err != nil {
		t.Fatalf("go-ical cannot parse the output: %v\n%s", err, b)
	}
	if _, err := dec.Decode(); !errors.Is(err, io.EOF) {
		t.Fatalf("something follows END:VCALENDAR: %v\n%s", err, b)
	}
	return cal
}

// checkLines checks that every physical line of b ends in CRLF, holds no
// other CR or LF, is valid UTF-8 and is at most 75 octets long.
func checkLines(t testing.TB, b []byte) {
	t.Helper()
	if !bytes.HasSuffix(b, []byte("\r\n")) {
		t.Fatalf("the output does not end in CRLF")
	}
	for i, line := range bytes.Split(b[:len(b)-2], []byte("\r\n")) {
		switch {
		case bytes.ContainsAny(line, "\r\n"):
			t.Fatalf("line %d holds a bare CR or LF: %q", i+1, line)
		case len(line) > 75:
			t.Fatalf("line %d is %d octets long: %q", i+1, len(line), line)
		case !utf8.Valid(line):
			t.Fatalf("line %d is not valid UTF-8: %q", i+1, line)
		}
	}
}

// onlyEvent returns the one VEVENT of cal.
func onlyEvent(t testing.TB, cal *ical.Calendar) ical.Event {
	t.Helper()
	events := cal.Events()
	if len(events) != 1 {
		t.Fatalf("the calendar holds %d events, want 1", len(events))
	}
	return events[0]
}

// children returns the sub-components of c named name.
func children(c *ical.Component, name string) []*ical.Component {
	var out []*ical.Component
	for _, child := range c.Children {
		if child.Name == name {
			out = append(out, child)
		}
	}
	return out
}

// rule is one STANDARD or DAYLIGHT observance as go-ical parsed it.
type rule struct {
	onset  time.Time // the instant it begins
	from   time.Duration
	offset time.Duration // TZOFFSETTO
	name   string
}

// zoneRules returns the observances of the VTIMEZONE of cal whose TZID is
// tzid, ordered by onset. Their onsets and offsets come from the parsed
// text alone, never from Go's zone data.
func zoneRules(t testing.TB, cal *ical.Calendar, tzid string) []rule {
	t.Helper()
	var rules []rule
	for _, tz := range children(cal.Component, ical.CompTimezone) {
		if tz.Props.Get(ical.PropTimezoneID).Value != tzid {
			continue
		}
		for _, obs := range tz.Children {
			rules = append(rules, parseRule(t, obs))
		}
	}
	if len(rules) == 0 {
		t.Fatalf("no VTIMEZONE with observances for %q", tzid)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].onset.Before(rules[j].onset) })
	return rules
}

func parseRule(t testing.TB, obs *ical.Component) rule {
	t.Helper()
	if obs.Name != ical.CompTimezoneStandard && obs.Name != ical.CompTimezoneDaylight {
		t.Fatalf("VTIMEZONE holds a %s", obs.Name)
	}
	if obs.Props.Get(ical.PropRecurrenceRule) != nil || obs.Props.Get(ical.PropRecurrenceDates) != nil {
		t.Fatalf("the observance recurs; these tests read one onset per observance")
	}
	wall, err := obs.Props.DateTime(ical.PropDateTimeStart, time.UTC)
	if err != nil {
		t.Fatalf("observance DTSTART: %v", err)
	}
	from := parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetFrom))
	name, _ := obs.Props.Text(ical.PropTimezoneName)
	return rule{
		onset:  wall.Add(-from),
		from:   from,
		offset: parseOffset(t, obs.Props.Get(ical.PropTimezoneOffsetTo)),
		name:   name,
	}
}

// parseOffset reads a UTC-OFFSET value: +HHMM or +HHMMSS.
func parseOffset(t testing.TB, p *ical.Prop) time.Duration {
	t.Helper()
	if p == nil {
		t.Fatalf("an observance has no offset")
	}
	v := p.Value
	if (len(v) != 5 && len(v) != 7) || (v[0] != '+' && v[0] != '-') {
		t.Fatalf("bad UTC offset %q", v)
	}
	var d time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second}[:(len(v)-1)/2] {
		n, err := strconv.Atoi(v[1+2*i : 3+2*i])
		if err != nil {
			t.Fatalf("bad UTC offset %q", v)
		}
		d += time.Duration(n) * unit
	}
	if v[0] == '-' {
		d = -d
	}
	return d
}

// offsetAt returns the offset that rules put in force at instant at.
func offsetAt(t testing.TB, rules []rule, at time.Time) time.Duration {
	t.Helper()
	i := sort.Search(len(rules), func(i int) bool { return rules[i].onset.After(at) })
	if i == 0 {
		t.Fatalf("no observance covers %s", at)
	}
	return rules[i-1].offset
}

// instant resolves a DTSTART or DTEND of cal: a UTC value as it is, a
// local value through the parsed VTIMEZONE of its TZID. A local time that
// two instants show names the earlier (RFC 5545, section 3.3.5).
func instant(t testing.TB, cal *ical.Calendar, p *ical.Prop) time.Time {
	t.Helper()
	if p == nil {
		t.Fatalf("the event has no such date-time")
	}
	if strings.HasSuffix(p.Value, "Z") {
		at, err := p.DateTime(nil)
		if err != nil {
			t.Fatalf("%s: %v", p.Name, err)
		}
		return at
	}
	rules := zoneRules(t, cal, p.Params.Get(ical.ParamTimezoneID))
	wall := floating(t, p)
	for i, r := range rules {
		at := wall.Add(-r.offset)
		if !at.Before(r.onset) && (i+1 == len(rules) || at.Before(rules[i+1].onset)) {
			return at
		}
	}
	t.Fatalf("%s %s names no instant in its VTIMEZONE", p.Name, p.Value)
	return time.Time{}
}

// floating returns the wall-clock time of p, read as if it were UTC, so
// that go-ical parses the text without looking the TZID up.
func floating(t testing.TB, p *ical.Prop) time.Time {
	t.Helper()
	bare := *p
	bare.Params = ical.Params{}
	wall, err := bare.DateTime(time.UTC)
	if err != nil {
		t.Fatalf("%s: %v", p.Name, err)
	}
	return wall
}

// mustZone loads an IANA zone.
func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	zone, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return zone
}

// utc returns an instant given in UTC.
func utc(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, time.UTC)
}

// appointment returns a valid invitation event at start in zone.
func appointment(start time.Time, zone *time.Location) Event {
	return Event{
		UID:         "appointment-42@clinic.example",
		Sequence:    1,
		Start:       start,
		End:         start.Add(45 * time.Minute),
		Zone:        zone,
		Summary:     "New consultation",
		Description: "Please arrive 10 minutes early.",
		Location:    "Bellevue clinic",
		URL:         "https://clinic.example/appointments/42?token=abc",
		Organizer:   Address{Name: "Spine Clinic", Email: "front-desk@clinic.example"},
		Attendee:    Address{Name: "Pat Doe", Email: "pat@example.com"},
		Stamp:       utc(2027, 1, 10, 12, 0),
	}
}

// encode encodes events under method and fails the test on an error.
func encode(t testing.TB, method string, events ...Event) []byte {
	t.Helper()
	b, err := Encode(method, events...)
	if err != nil {
		t.Fatalf("Encode: %v", err)
	}
	return b
}
