package clinic_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestOpeningHoursWeekdays(t *testing.T) {
	tests := []struct {
		days string
		want []time.Weekday
	}{
		{"Mo-Fr", []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday}},
		{"Sa", []time.Weekday{time.Saturday}},
		{"Mo,We,Fr", []time.Weekday{time.Monday, time.Wednesday, time.Friday}},
		{"Sa-Mo", []time.Weekday{time.Saturday, time.Sunday, time.Monday}},
		{"Xx", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, clinic.OpeningHours{Days: tt.days}.Weekdays()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tt.days, diff)
		}
	}
}

func TestHoursDisagreements(t *testing.T) {
	l := &clinic.Location{Slug: "bellevue", Name: "Bellevue clinic", Hours: []clinic.OpeningHours{
		{Days: "Mo-Fr", Opens: "07:30", Closes: "17:30"}, {Days: "Sa", Opens: "09:00", Closes: "13:00"}}}
	win := func(p string, d time.Weekday, from, to int) *clinic.AvailabilityWindow {
		return &clinic.AvailabilityWindow{Provider: p, Location: "bellevue", Weekday: d, Start: from * 60, End: to * 60}
	}
	var week []*clinic.AvailabilityWindow
	for d := time.Monday; d <= time.Friday; d++ {
		week = append(week, win("dr-a", d, 8, 12), win("dr-a", d, 13, 17))
	}
	if got := clinic.HoursDisagreements(l, week); len(got) != 1 || got[0] != "Saturday: Bellevue clinic lists hours, but no clinician can be booked there that day." {
		t.Errorf("no Saturday clinician: %q", got)
	}
	week = append(week, win("dr-b", time.Saturday, 9, 13), win("dr-b", time.Sunday, 9, 12), win("dr-c", time.Monday, 17, 19),
		&clinic.AvailabilityWindow{Provider: "dr-d", Location: "kent", Weekday: time.Saturday, Start: 0, End: 600})
	want := []string{
		"Monday: dr-c can be booked at Bellevue clinic from 17:00 to 19:00, outside its listed hours.",
		"Sunday: clinicians can be booked at Bellevue clinic, but it lists no hours that day.",
	}
	if diff := cmp.Diff(want, clinic.HoursDisagreements(l, week)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
