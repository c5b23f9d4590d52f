package content

import (
	"time"

	"clinic"
)

// DemoWeek is the demo clinic's weekly availability: every clinician sees
// patients Monday to Friday, 8:00 to 12:00 and 13:00 to 17:00, at their
// offices in turn, so that each office has someone most days.
func DemoWeek(doctors []*clinic.Doctor) map[string][]*clinic.AvailabilityWindow {
	week := map[string][]*clinic.AvailabilityWindow{}
	for i, d := range doctors {
		if len(d.Locations) == 0 {
			continue
		}
		for day := time.Monday; day <= time.Friday; day++ {
			loc := d.Locations[(int(day)+i)%len(d.Locations)]
			week[d.Slug] = append(week[d.Slug],
				&clinic.AvailabilityWindow{Provider: d.Slug, Location: loc, Weekday: day, Start: 8 * 60, End: 12 * 60},
				&clinic.AvailabilityWindow{Provider: d.Slug, Location: loc, Weekday: day, Start: 13 * 60, End: 17 * 60})
		}
	}
	return week
}

// DemoHolidays are the days the demo clinic is closed in year: New Year's
// Day, Independence Day, Thanksgiving (the fourth Thursday of November),
// Christmas Eve and Christmas Day, as whole days off for every clinician.
func DemoHolidays(doctors []*clinic.Doctor, year int) []*clinic.AvailabilityException {
	thanksgiving := time.Date(year, time.November, 1, 0, 0, 0, 0, time.UTC)
	for thanksgiving.Weekday() != time.Thursday {
		thanksgiving = thanksgiving.AddDate(0, 0, 1)
	}
	thanksgiving = thanksgiving.AddDate(0, 0, 21)
	days := []struct {
		date time.Time
		name string
	}{
		{time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC), "New Year's Day"},
		{time.Date(year, time.July, 4, 0, 0, 0, 0, time.UTC), "Independence Day"},
		{thanksgiving, "Thanksgiving"},
		{time.Date(year, time.December, 24, 0, 0, 0, 0, time.UTC), "Christmas Eve"},
		{time.Date(year, time.December, 25, 0, 0, 0, 0, time.UTC), "Christmas Day"},
	}
	var out []*clinic.AvailabilityException
	for _, d := range doctors {
		for _, h := range days {
			out = append(out, &clinic.AvailabilityException{Provider: d.Slug, Day: h.date.Format(time.DateOnly), Kind: clinic.ExceptionClosed, Note: h.name})
		}
	}
	return out
}
