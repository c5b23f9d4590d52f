package clinic

import (
	"fmt"
	"strings"
	"time"
)

// twoLetterDays are schema.org's day names, Monday first.
var twoLetterDays = []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}

// Weekdays are the days an hours line covers: "Mo-Fr", "Sa", "Mo,We,Fr";
// a range may wrap past Sunday ("Sa-Mo").
func (h OpeningHours) Weekdays() []time.Weekday {
	index := func(d string) int {
		for i, n := range twoLetterDays {
			if n == strings.TrimSpace(d) {
				return i
			}
		}
		return -1
	}
	var out []time.Weekday
	for part := range strings.SplitSeq(h.Days, ",") {
		from, to, isRange := strings.Cut(part, "-")
		i, j := index(from), index(from)
		if isRange {
			j = index(to)
		}
		if i < 0 || j < 0 {
			continue
		}
		for k := i; ; k = (k + 1) % 7 {
			out = append(out, time.Weekday((k+1)%7))
			if k == j {
				break
			}
		}
	}
	return out
}

// minutesOf reads "07:30" as minutes after midnight; "24:00" is 1440.
func minutesOf(clock string) int {
	var h, m int
	fmt.Sscanf(clock, "%d:%d", &h, &m)
	return h*60 + m
}

// HoursDisagreements compares the hours an office lists with the times
// its clinicians can be booked there (their weekly windows), day by day,
// and says in plain words where they disagree: a day the office lists as
// open when no clinician can be booked, a day clinicians can be booked when
// the office lists no hours, and booking time outside the office's hours.
// Patients read the listed hours as the times they can come.
func HoursDisagreements(l *Location, week []*AvailabilityWindow) []string {
	type span struct{ from, to int }
	open := map[time.Weekday][]span{}
	for _, h := range l.Hours {
		for _, d := range h.Weekdays() {
			open[d] = append(open[d], span{minutesOf(h.Opens), minutesOf(h.Closes)})
		}
	}
	booked := map[time.Weekday][]*AvailabilityWindow{}
	for _, w := range week {
		if w.Location == l.Slug {
			booked[w.Weekday] = append(booked[w.Weekday], w)
		}
	}
	var out []string
	for i := range 7 {
		d := time.Weekday((i + 1) % 7)
		switch {
		case len(open[d]) > 0 && len(booked[d]) == 0:
			out = append(out, fmt.Sprintf("%s: %s lists hours, but no clinician can be booked there that day.", d, l.Name))
		case len(open[d]) == 0 && len(booked[d]) > 0:
			out = append(out, fmt.Sprintf("%s: clinicians can be booked at %s, but it lists no hours that day.", d, l.Name))
		}
		for _, w := range booked[d] {
			inside := false
			for _, s := range open[d] {
				inside = inside || (s.from <= w.Start && w.End <= s.to)
			}
			if !inside && len(open[d]) > 0 {
				out = append(out, fmt.Sprintf("%s: %s can be booked at %s from %s to %s, outside its listed hours.",
					d, w.Provider, l.Name, clockOf(w.Start), clockOf(w.End)))
			}
		}
	}
	return out
}

func clockOf(minutes int) string { return fmt.Sprintf("%02d:%02d", minutes/60, minutes%60) }
