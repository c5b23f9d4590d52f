package web

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
	"clinic/internal/schedule"
)

// A provider's weekly hours are edited as text, one stretch a line:
//
//	Monday 08:00-12:00 seattle
//	tue 13:00-17:00 Gig Harbor
//
// The weekday is an English name or its first three letters, the hours
// are 24-hour clock times, and the office is its short name (slug), its
// city or its name. Blank lines and lines starting with # are skipped.

// Limits of the week's text.
const (
	maxWeekLine    = 200 // bytes on one line
	maxWeekWindows = 200 // stretches in a week, as the store allows
)

// weekOrder is the week as the back office writes it, Monday first.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

// weekPos is d's place in weekOrder.
func weekPos(d time.Weekday) int { return (int(d) + 6) % 7 }

// parseWeek reads weekly hours written one stretch a line. It returns
// them by weekday (Monday first) and start, with Provider and ID unset,
// or an EInvalid error naming the first bad line and what is wrong.
func parseWeek(text string, offices []*clinic.Location) ([]*clinic.AvailabilityWindow, error) {
	type numbered struct {
		w *clinic.AvailabilityWindow
		n int
	}
	var ws []numbered
	for i, line := range strings.Split(text, "\n") {
		w, err := parseWeekLine(line, offices)
		if err == nil && w != nil && len(ws) == maxWeekWindows {
			err = fmt.Errorf("a week holds at most %d stretches of hours", maxWeekWindows)
		}
		if err != nil {
			return nil, clinic.Errorf(clinic.EInvalid, "Line %d: %v.", i+1, err)
		}
		if w != nil {
			ws = append(ws, numbered{w, i + 1})
		}
	}
	slices.SortStableFunc(ws, func(a, b numbered) int { return compareWindows(a.w, b.w) })
	out := make([]*clinic.AvailabilityWindow, len(ws))
	for i, x := range ws {
		if i > 0 && ws[i-1].w.Weekday == x.w.Weekday && x.w.Start < ws[i-1].w.End {
			a, b := min(ws[i-1].n, x.n), max(ws[i-1].n, x.n)
			return nil, clinic.Errorf(clinic.EInvalid, "Line %d: the hours overlap those of line %d.", b, a)
		}
		out[i] = x.w
	}
	return out, nil
}

func compareWindows(a, b *clinic.AvailabilityWindow) int {
	if c := weekPos(a.Weekday) - weekPos(b.Weekday); c != 0 {
		return c
	}
	return a.Start - b.Start
}

// parseWeekLine reads one line: a window, or nil for a blank line or a
// comment.
func parseWeekLine(line string, offices []*clinic.Location) (*clinic.AvailabilityWindow, error) {
	switch {
	case len(line) > maxWeekLine:
		return nil, fmt.Errorf("the line is longer than %d characters", maxWeekLine)
	case !utf8.ValidString(line):
		return nil, errors.New("the line holds characters that are not text")
	}
	fields := strings.Fields(line)
	if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
		return nil, nil
	}
	day, ok := parseWeekday(fields[0])
	if !ok {
		return nil, fmt.Errorf("there is no weekday %q; write Monday or Mon, Tuesday or Tue, and so on", fields[0])
	}
	i := 1
	for i < len(fields) && strings.Trim(fields[i], "0123456789:-–") == "" {
		i++
	}
	if i == 1 {
		return nil, errors.New("the hours are missing; write them after the weekday, such as 08:00-12:00")
	}
	start, end, err := parseSpan(strings.Join(fields[1:i], ""))
	if err != nil {
		return nil, err
	}
	if i == len(fields) {
		return nil, errors.New("the office is missing; write its short name or city after the hours, such as seattle")
	}
	name := strings.Join(fields[i:], " ")
	loc := findOffice(name, offices)
	if loc == nil {
		return nil, fmt.Errorf("there is no office %q; the offices are listed below the hours", name)
	}
	return &clinic.AvailabilityWindow{Location: loc.Slug, Weekday: day, Start: start, End: end}, nil
}

// parseWeekday reads an English weekday name or its first three letters.
func parseWeekday(s string) (time.Weekday, bool) {
	for _, d := range weekOrder {
		if n := d.String(); strings.EqualFold(s, n) || strings.EqualFold(s, n[:3]) {
			return d, true
		}
	}
	return 0, false
}

// parseSpan reads "08:00-12:00" as minutes after midnight.
func parseSpan(s string) (start, end int, err error) {
	from, to, ok := strings.Cut(strings.ReplaceAll(s, "–", "-"), "-")
	if !ok {
		return 0, 0, fmt.Errorf("write the hours as from-to, such as 08:00-12:00, not %q", s)
	}
	if start, ok = parseHHMM(from); !ok {
		return 0, 0, fmt.Errorf("%q is not a time of day; write 24-hour times such as 08:00 or 17:30", from)
	}
	if end, ok = parseHHMM(to); !ok {
		return 0, 0, fmt.Errorf("%q is not a time of day; write 24-hour times such as 08:00 or 17:30", to)
	}
	if end <= start {
		return 0, 0, fmt.Errorf("the hours %s end before they start", s)
	}
	return start, end, nil
}

// parseHHMM reads a 24-hour time, "8", "08:00" or "24:00", as minutes
// after midnight: schedule.ParseClock, with the minutes optional.
func parseHHMM(s string) (int, bool) {
	if !strings.Contains(s, ":") {
		s += ":00"
	}
	c, err := schedule.ParseClock(s)
	return int(c), err == nil
}

// findOffice is the office with the slug s, or else the city or name s,
// in any case.
func findOffice(s string, offices []*clinic.Location) *clinic.Location {
	for _, l := range offices {
		if strings.EqualFold(s, l.Slug) {
			return l
		}
	}
	for _, l := range offices {
		if strings.EqualFold(s, l.City) || strings.EqualFold(s, l.Name) {
			return l
		}
	}
	return nil
}

// findOfficeSlug is the office with the slug s.
func findOfficeSlug(s string, offices []*clinic.Location) *clinic.Location {
	for _, l := range offices {
		if l.Slug == s {
			return l
		}
	}
	return nil
}

// formatWeek writes windows as parseWeek reads them, one a line, in the
// order given.
func formatWeek(ws []*clinic.AvailabilityWindow) string {
	var b strings.Builder
	for _, w := range ws {
		fmt.Fprintf(&b, "%s %s-%s %s\n", w.Weekday, schedule.Clock(w.Start), schedule.Clock(w.End), w.Location)
	}
	return b.String()
}

// sortedWeek is a copy of ws by weekday, Monday first, and start.
func sortedWeek(ws []*clinic.AvailabilityWindow) []*clinic.AvailabilityWindow {
	return slices.SortedStableFunc(slices.Values(ws), compareWindows)
}

// weekSummary is a week on one line: "Mon, Tue, Wed; 16 hours; Seattle, Kent".
func weekSummary(ws []*clinic.AvailabilityWindow, offices []*clinic.Location) string {
	if len(ws) == 0 {
		return "No weekly hours: patients cannot book online."
	}
	var days, places []string
	total := 0
	for _, w := range sortedWeek(ws) {
		if d := w.Weekday.String()[:3]; !slices.Contains(days, d) {
			days = append(days, d)
		}
		name := w.Location
		if l := findOfficeSlug(w.Location, offices); l != nil {
			name = l.City
		}
		if !slices.Contains(places, name) {
			places = append(places, name)
		}
		total += w.End - w.Start
	}
	hours := strconv.FormatFloat(float64(total)/60, 'f', -1, 64)
	return fmt.Sprintf("%s; %s hours a week; %s", strings.Join(days, ", "), hours, strings.Join(places, ", "))
}
