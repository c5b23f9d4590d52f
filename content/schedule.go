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
