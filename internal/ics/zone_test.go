package ics

import (
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"
)

// The instants in these tables are written out in UTC by hand, from the
// published rules of each zone, so that they do not come from the zone
// data that the code under test reads.
func TestLocalTimesResolveThroughTheWrittenVTIMEZONE(t *testing.T) {
	tests := []struct {
		name     string
		zone     string
		start    time.Time // the intended instant
		wantWall string    // DTSTART as written, with TZID; "" for the UTC form
	}{
		{"Los Angeles two days before spring-forward is PST", "America/Los_Angeles", utc(2027, 3, 12, 17, 0), "20270312T090000"},
		{"Los Angeles the day after spring-forward is PDT", "America/Los_Angeles", utc(2027, 3, 15, 16, 0), "20270315T090000"},
		{"Los Angeles on the spring-forward day after the change is PDT", "America/Los_Angeles", utc(2027, 3, 14, 10, 0), "20270314T030000"},
		{"Los Angeles two days before fall-back is PDT", "America/Los_Angeles", utc(2027, 11, 5, 16, 0), "20271105T090000"},
		{"Los Angeles the day after fall-back is PST", "America/Los_Angeles", utc(2027, 11, 8, 17, 0), "20271108T090000"},
		{"Los Angeles 01:30 the first time on fall-back day is local", "America/Los_Angeles", utc(2027, 11, 7, 8, 30), "20271107T013000"},
		{"Los Angeles 01:30 the second time on fall-back day is UTC", "America/Los_Angeles", utc(2027, 11, 7, 9, 30), ""},
		{"London before British Summer Time is GMT", "Europe/London", utc(2027, 3, 26, 9, 0), "20270326T090000"},
		{"London in British Summer Time is BST", "Europe/London", utc(2027, 3, 29, 8, 0), "20270329T090000"},
		{"London before the clocks go back is BST", "Europe/London", utc(2027, 10, 29, 8, 0), "20271029T090000"},
		{"London after the clocks go back is GMT", "Europe/London", utc(2027, 11, 1, 9, 0), "20271101T090000"},
		{"Sydney before daylight saving ends is AEDT", "Australia/Sydney", utc(2027, 4, 1, 22, 0), "20270402T090000"},
		{"Sydney after daylight saving ends is AEST", "Australia/Sydney", utc(2027, 4, 4, 23, 0), "20270405T090000"},
		{"Sydney before daylight saving starts is AEST", "Australia/Sydney", utc(2027, 9, 30, 23, 0), "20271001T090000"},
		{"Sydney after daylight saving starts is AEDT", "Australia/Sydney", utc(2027, 10, 3, 22, 0), "20271004T090000"},
		{"Kolkata, which has no daylight saving, is UTC+05:30", "Asia/Kolkata", utc(2027, 3, 15, 3, 30), "20270315T090000"},
		{"Kolkata in summer is still UTC+05:30", "Asia/Kolkata", utc(2027, 7, 15, 3, 30), "20270715T090000"},
		{"Tokyo is UTC+09:00", "Asia/Tokyo", utc(2027, 11, 7, 0, 0), "20271107T090000"},
		{"UTC is written in the UTC form", "UTC", utc(2027, 3, 14, 9, 0), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zone := mustZone(t, tt.zone)
			cal := decode(t, encode(t, MethodRequest, appointment(tt.start, zone)))
			ev := onlyEvent(t, cal)
			start := ev.Props.Get(ical.PropDateTimeStart)
			checkForm(t, start, tt.zone, tt.wantWall)
			if got := instant(t, cal, start); !got.Equal(tt.start) {
				t.Errorf("DTSTART %s resolves to %s, want %s", start.Value, got.UTC(), tt.start)
			}
			end := ev.Props.Get(ical.PropDateTimeEnd)
			if got, want := instant(t, cal, end), tt.start.Add(45*time.Minute); !got.Equal(want) {
				t.Errorf("DTEND %s resolves to %s, want %s", end.Value, got.UTC(), want)
			}
		})
	}
}

// checkForm checks that p is written as wantWall with TZID zone, or in the
// UTC form when wantWall is empty.
func checkForm(t *testing.T, p *ical.Prop, zone, wantWall string) {
	t.Helper()
	tzid := p.Params.Get(ical.ParamTimezoneID)
	if wantWall == "" {
		if tzid != "" || len(p.Value) != len(utcLayout) || p.Value[len(p.Value)-1] != 'Z' {
			t.Errorf("DTSTART is %q with TZID %q, want the UTC form", p.Value, tzid)
		}
		return
	}
	if diff := cmp.Diff([2]string{zone, wantWall}, [2]string{tzid, p.Value}); diff != "" {
		t.Errorf("DTSTART [TZID, value] (-want +got):\n%s", diff)
	}
}

func TestVTIMEZONE(t *testing.T) {
	la := mustZone(t, "America/Los_Angeles")
	tests := []struct {
		name string
		zone *time.Location
		want []rule // the observances written for an event on 2027-03-15
	}{
		{"Los Angeles gets the change before the span and one per change in it", la, []rule{
			{utc(2026, 3, 8, 10, 0), -8 * time.Hour, -7 * time.Hour, "PDT"},
			{utc(2026, 11, 1, 9, 0), -7 * time.Hour, -8 * time.Hour, "PST"},
			{utc(2027, 3, 14, 10, 0), -8 * time.Hour, -7 * time.Hour, "PDT"},
			{utc(2027, 11, 7, 9, 0), -7 * time.Hour, -8 * time.Hour, "PST"},
			{utc(2028, 3, 12, 10, 0), -8 * time.Hour, -7 * time.Hour, "PDT"},
		}},
		{"Kolkata gets one observance, from its last change in 1945", mustZone(t, "Asia/Kolkata"), []rule{
			{utc(1945, 10, 14, 17, 30), 390 * time.Minute, 330 * time.Minute, "IST"},
		}},
		{"a fixed zone gets one observance", time.FixedZone("Etc/GMT-3", 3*3600), []rule{
			{utc(1969, 12, 31, 21, 0), 3 * time.Hour, 3 * time.Hour, "Etc/GMT-3"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := decode(t, encode(t, MethodRequest, appointment(utc(2027, 3, 15, 16, 0), tt.zone)))
			if n := len(children(cal.Component, ical.CompTimezone)); n != 1 {
				t.Fatalf("%d VTIMEZONE components, want 1", n)
			}
			got := zoneRules(t, cal, tt.zone.String())
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(rule{})); diff != "" {
				t.Errorf("observances (-want +got):\n%s", diff)
			}
		})
	}
}

func TestUTCEventsNeedNoVTIMEZONE(t *testing.T) {
	cal := decode(t, encode(t, MethodRequest, appointment(utc(2027, 3, 14, 9, 0), time.UTC)))
	if n := len(children(cal.Component, ical.CompTimezone)); n != 0 {
		t.Errorf("%d VTIMEZONE components, want none", n)
	}
}

// For zones with every kind of clock change, the offset that the parsed
// VTIMEZONE puts in force agrees with Go's zone data at every hour of the
// span it must cover, and each observance starts from the offset the one
// before it left in force.
func TestVTIMEZONEAgreesWithTheZoneDataOverItsSpan(t *testing.T) {
	zones := []string{
		"America/Los_Angeles", "Europe/London", "Australia/Sydney", "Australia/Lord_Howe",
		"Asia/Kolkata", "Asia/Kathmandu", "America/St_Johns", "Europe/Dublin",
		"Africa/Casablanca", "America/Santiago", "Asia/Tehran", "Pacific/Chatham", "Etc/UTC",
	}
	first, last := utc(2027, 2, 1, 17, 0), utc(2028, 6, 1, 17, 0)
	for _, name := range zones {
		t.Run(name, func(t *testing.T) {
			zone := mustZone(t, name)
			// The first event is neither the earliest nor the latest, so
			// the span must grow both ways.
			events := []Event{appointment(utc(2027, 9, 1, 17, 0), zone), appointment(first, zone), appointment(last, zone)}
			cal := decode(t, encode(t, MethodPublish, events...))
			rules := zoneRules(t, cal, name)
			for i := 1; i < len(rules); i++ {
				if rules[i].from != rules[i-1].offset {
					t.Errorf("observance at %s starts from %s, but %s was in force", rules[i].onset, rules[i].from, rules[i-1].offset)
				}
			}
			for at := first.AddDate(-1, 0, 0); at.Before(last.AddDate(1, 0, 0)); at = at.Add(time.Hour) {
				_, sec := at.In(zone).Zone()
				if got, want := offsetAt(t, rules, at), time.Duration(sec)*time.Second; got != want {
					t.Fatalf("at %s the VTIMEZONE gives %s, Go's zone data %s", at, got, want)
				}
			}
		})
	}
}

func TestEventsInTwoZonesGetOneVTIMEZONEEach(t *testing.T) {
	la, sydney := mustZone(t, "America/Los_Angeles"), mustZone(t, "Australia/Sydney")
	events := []Event{
		appointment(utc(2027, 3, 12, 17, 0), la),
		appointment(utc(2027, 4, 4, 23, 0), sydney),
		appointment(utc(2027, 11, 8, 17, 0), mustZone(t, "America/Los_Angeles")),
	}
	cal := decode(t, encode(t, MethodPublish, events...))
	var tzids []string
	for _, tz := range children(cal.Component, ical.CompTimezone) {
		tzids = append(tzids, tz.Props.Get(ical.PropTimezoneID).Value)
	}
	if diff := cmp.Diff([]string{"America/Los_Angeles", "Australia/Sydney"}, tzids); diff != "" {
		t.Errorf("VTIMEZONE TZIDs (-want +got):\n%s", diff)
	}
	got := cal.Events()
	if len(got) != len(events) {
		t.Fatalf("%d events, want %d", len(got), len(events))
	}
	for i, ev := range got {
		if at := instant(t, cal, ev.Props.Get(ical.PropDateTimeStart)); !at.Equal(events[i].Start) {
			t.Errorf("event %d starts at %s, want %s", i, at, events[i].Start)
		}
	}
}
