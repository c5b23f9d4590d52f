package web

import (
	"context"
	"slices"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

// deskDay is what the calendar knows of one clinician on one date.
type deskDay struct {
	Hours []schedule.Stretch
	Appts []*clinic.Appointment // active, overlapping the date
}

// deskWeek is the clinicians shown and their dates, from the first date
// of the view on.
type deskWeek struct {
	doctors []*clinic.Doctor
	days    map[string][]deskDay // by clinician
}

// shownDoctors are the clinicians the filters leave: one, those of an
// office, or all.
func (p *calendarPage) shownDoctors() []*clinic.Doctor {
	var out []*clinic.Doctor
	for _, d := range p.Doctors {
		if (p.Provider == "" || d.Slug == p.Provider) && (p.Location == "" || slices.Contains(d.Locations, p.Location)) {
			out = append(out, d)
		}
	}
	return out
}

// loadDeskWeek reads the hours of the shown clinicians for n dates from
// first, and lays as, their appointments, out on those dates; it returns
// how many of as the grid leaves out (cancelled and no-shows).
func (s *Server) loadDeskWeek(ctx context.Context, p *calendarPage, as []*clinic.Appointment, n int, zone *time.Location) (*deskWeek, int, error) {
	w := &deskWeek{doctors: p.shownDoctors(), days: map[string][]deskDay{}}
	end := p.Date.AddDate(0, 0, n)
	for _, d := range w.doctors {
		ps, err := s.cfg.Schedule.ProviderRules(ctx, d.Slug, p.Date, end)
		if err != nil {
			return nil, 0, err
		}
		windows, exceptions, err := schedule.Inputs(ps)
		if err != nil {
			return nil, 0, err
		}
		days := make([]deskDay, n)
		for i := range days {
			if days[i].Hours, err = schedule.WorkingHours(windows, exceptions, schedule.DateOf(p.Date.AddDate(0, 0, i))); err != nil {
				return nil, 0, err
			}
		}
		w.days[d.Slug] = days
	}
	hidden := 0
	for _, a := range as {
		days, ok := w.days[a.Provider]
		if !clinic.Active(a.Status) {
			hidden++
			continue
		}
		for i := range days {
			day := p.Date.AddDate(0, 0, i)
			if ok && a.Start.Before(day.AddDate(0, 0, 1)) && day.Before(a.End.Add(a.Buffer)) {
				days[i].Appts = append(days[i].Appts, a)
			}
		}
	}
	return w, hidden, nil
}

// gridColumns are the columns of the view: in a day, a column for each
// clinician shown; in a week, for each date, one for the clinician
// chosen, or one for each clinician who works or is booked that date
// (a single empty column when no one is).
func (p *calendarPage) gridColumns(w *deskWeek, n int, today time.Time) ([]*gridColumn, []gridGroup) {
	var cols []*gridColumn
	var groups []gridGroup
	for i := range n {
		day := p.Date.AddDate(0, 0, i)
		before := len(cols)
		for _, d := range w.doctors {
			dd := w.days[d.Slug][i]
			if p.View == "week" && p.Provider == "" && !p.busy(dd) {
				continue
			}
			col := &gridColumn{Date: day, Doctor: d, Hours: dd.Hours, Appts: dd.Appts, Label: d.Name, Sub: p.hoursText(dd.Hours, p.Location)}
			if p.View == "week" && p.Provider != "" {
				col.Label = dayLabel(day)
			}
			cols = append(cols, col)
		}
		if len(cols) == before {
			cols = append(cols, &gridColumn{Date: day, Label: "No one", Sub: "No hours and no appointments"})
		}
		groups = append(groups, gridGroup{Label: dayLabel(day), Span: len(cols) - before, Today: day.Equal(today)})
	}
	for _, c := range cols {
		c.Today = c.Date.Equal(today)
	}
	if p.View != "week" || p.Provider != "" {
		groups = nil
	}
	return cols, groups
}

// busy reports whether a clinician's date has hours or appointments at
// the office shown.
func (p *calendarPage) busy(dd deskDay) bool {
	for _, h := range dd.Hours {
		if p.Location == "" || h.Location == p.Location {
			return true
		}
	}
	for _, a := range dd.Appts {
		if p.Location == "" || a.Location == p.Location {
			return true
		}
	}
	return false
}

// blockChoice is a clinician as the block form offers them: their first
// hour on the date shown, and the office of it, which the form starts at
// when they are chosen.
type blockChoice struct {
	Doctor   *clinic.Doctor
	Start    string // datetime-local
	Location string
}

// blockChoices gives each clinician of the block form their first hour
// on day; a clinician not working starts at 9:00 at their office.
func (p *calendarPage) blockChoices(w *deskWeek, day time.Time) []blockChoice {
	var out []blockChoice
	for _, d := range p.Doctors {
		c := blockChoice{Doctor: d, Start: day.Add(9 * time.Hour).Format(localLayout), Location: defaultOffice(d, p.Location)}
		var hours []schedule.Stretch
		if days := w.days[d.Slug]; len(days) > 0 {
			hours = days[int(day.Sub(p.Date).Hours()+12)/24].Hours
		}
		if first, ok := firstHour(hours, p.Location); ok {
			c.Start = time.Date(day.Year(), day.Month(), day.Day(), int(first.Start)/60, int(first.Start)%60, 0, 0, day.Location()).Format(localLayout)
			c.Location = first.Location
		}
		out = append(out, c)
	}
	return out
}

// firstHour is the earliest stretch of hours, at office if one is given.
func firstHour(hours []schedule.Stretch, office string) (schedule.Stretch, bool) {
	var best schedule.Stretch
	found := false
	for _, h := range hours {
		if (office == "" || h.Location == office) && (!found || h.Start < best.Start) {
			best, found = h, true
		}
	}
	return best, found
}
