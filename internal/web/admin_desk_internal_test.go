package web

import (
	"strconv"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/google/go-cmp/cmp"

	"clinic"
	"clinic/internal/schedule"
)

func TestInitials(t *testing.T) {
	t.Parallel()
	tests := []struct{ name, in, want string }{
		{"two words give two letters", "Lee Park", "L. P."},
		{"a middle name is left out", "Mary Ann Jones", "M. J."},
		{"one word gives one letter", "Cher", "C."},
		{"letters beyond ASCII keep their case rules", "émile ødegaard", "É. Ø."},
		{"a hyphen parts the words", "Jean-Luc", "J. L."},
		{"no name is another appointment", "", "another appointment"},
		{"digits and marks are no name", "42 !!", "another appointment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := initials(tt.in); got != tt.want {
				t.Errorf("initials(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseVersions(t *testing.T) {
	t.Parallel()
	good := []struct {
		name, in string
		want     []clinic.ApptVersion
	}{
		{"an empty list is none", "", []clinic.ApptVersion{}},
		{"one appointment", "12:0", []clinic.ApptVersion{{ID: 12}}},
		{"several, in the order given", "13:2,12:0", []clinic.ApptVersion{{ID: 13, Sequence: 2}, {ID: 12}}},
	}
	for _, tt := range good {
		t.Run(tt.name+" is read", func(t *testing.T) {
			got, ok := parseVersions(tt.in)
			if !ok {
				t.Fatal("refused")
			}
			if diff := cmp.Diff(tt.want, append([]clinic.ApptVersion{}, got...)); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
	bad := []struct{ name, in string }{
		{"a missing sequence", "12"},
		{"a zero ID", "0:0"},
		{"a negative sequence", "12:-1"},
		{"a trailing comma", "12:0,"},
		{"words", "twelve:zero"},
		{"an ID past 64 bits", "99999999999999999999:0"},
		{"spaces", "12: 0"},
		{"more than the list may hold", strings.Repeat("1:0,", maxInWay) + "1:0"},
	}
	for _, tt := range bad {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if _, ok := parseVersions(tt.in); ok {
				t.Error("read")
			}
		})
	}
}

func FuzzParseVersions(f *testing.F) {
	for _, s := range []string{"", "12:0", "13:2,12:0", "1:0,", ":", "0:0", "9223372036854775807:2147483647"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		vs, ok := parseVersions(s)
		if !ok {
			return
		}
		var parts []string
		for _, v := range vs {
			if v.ID <= 0 || v.Sequence < 0 {
				t.Fatalf("%q gave %+v", s, v)
			}
			parts = append(parts, strconv.FormatInt(v.ID, 10)+":"+strconv.Itoa(v.Sequence))
		}
		again, ok := parseVersions(strings.Join(parts, ","))
		if !ok || !cmp.Equal(append([]clinic.ApptVersion{}, vs...), append([]clinic.ApptVersion{}, again...)) {
			t.Fatalf("%q does not read back: %+v then %+v", s, vs, again)
		}
	})
}

func TestDeskWeekOf(t *testing.T) {
	t.Parallel()
	zone, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, zone)
	tests := []struct {
		name, week, start string
		want              string
		told              bool
	}{
		{"no week shows this one", "", "", "2026-11-25", false},
		{"a week asked for is shown", "2026-12-09", "", "2026-12-09", false},
		{"a chosen time brings its date", "", "2027-01-04T09:00", "2027-01-04", false},
		{"a chosen time gone by brings today", "", "2026-11-01T09:00", "2026-11-25", false},
		{"a week gone by is refused", "2026-11-18", "", "2026-11-25", true},
		{"a week past a year is refused", "2027-11-25", "", "2026-11-25", true},
		{"the last week of the year is shown", "2027-11-23", "", "2027-11-23", false},
		{"a week that is not a date is refused", "soon", "", "2026-11-25", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, note := deskWeekOf(tt.week, tt.start, today)
			if got.Format(time.DateOnly) != tt.want || (note != "") != tt.told {
				t.Errorf("deskWeekOf(%q, %q) = %s, %q", tt.week, tt.start, got.Format(time.DateOnly), note)
			}
		})
	}
}

// TestGridLaysOutAppointments checks the grid's arithmetic: each
// appointment's rows, appointments whose rows touch in one cell, the
// rows covered, and the hours shaded.
func TestGridLaysOutAppointments(t *testing.T) {
	t.Parallel()
	zone, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 12, 1, 0, 0, 0, 0, zone)
	at := func(h, m int) time.Time { return time.Date(2026, 12, 1, h, m, 0, 0, zone) }
	appt := func(id int64, start time.Time, minutes int) *clinic.Appointment {
		return &clinic.Appointment{ID: id, Type: "follow-up", Provider: "ann", Location: "seattle", Start: start,
			End: start.Add(time.Duration(minutes) * time.Minute), Status: clinic.ApptBooked, Patient: clinic.PatientDetails{Name: "P" + strconv.FormatInt(id, 10)}}
	}
	doc := &clinic.Doctor{Slug: "ann", Name: "Ann Lee", Locations: []string{"seattle"}}
	col := &gridColumn{Date: day, Doctor: doc, Hours: []schedule.Stretch{{Location: "seattle", Start: 8 * 60, End: 12 * 60}},
		Appts: []*clinic.Appointment{appt(1, at(9, 0), 20), appt(2, at(9, 25), 20), appt(3, at(10, 30), 15), appt(4, at(22, 0), 150)}}
	g := buildGrid([]*gridColumn{col}, gridSpec{Now: at(8, 10), Zone: zone})
	var got []string
	for _, row := range g.Rows {
		c := row.Cells[0]
		switch {
		case c.Covered:
			got = append(got, row.Label+" covered")
		case c.Appts != nil:
			var ids []string
			for _, a := range c.Appts {
				ids = append(ids, a.What)
			}
			got = append(got, row.Label+" "+strings.Join(ids, "+")+" x"+strconv.Itoa(c.Span))
		case c.Open && c.Past:
			got = append(got, row.Label+" open past")
		case c.Open:
			got = append(got, row.Label+" open")
		}
	}
	want := []string{
		"8:00 AM open past", "8:15 AM open", "8:30 AM open", "8:45 AM open",
		"9:00 AM P1+P2 x3", "9:15 AM covered", "9:30 AM covered", "9:45 AM open",
		"10:00 AM open", "10:15 AM open", "10:30 AM P3 x1", "10:45 AM open",
		"11:00 AM open", "11:15 AM open", "11:30 AM open", "11:45 AM open",
		"10:00 PM P4 x8", "10:15 PM covered", "10:30 PM covered", "10:45 PM covered",
		"11:00 PM covered", "11:15 PM covered", "11:30 PM covered", "11:45 PM covered",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got)\n%s", diff)
	}
	if n := len(g.Rows); n != 68 || g.Rows[0].Label != "7:00 AM" {
		t.Errorf("%d rows from %s, want 68 from 7:00 AM to midnight", n, g.Rows[0].Label)
	}
	if !g.Rows[4].Now || g.Rows[5].Now {
		t.Error("the line of now is not on the 8:00 row alone")
	}
}
