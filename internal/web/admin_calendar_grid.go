package web

import (
	"net/url"
	"slices"
	"strings"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

// gridStep is the time one row of the calendar's grid stands for.
const gridStep = 15 * time.Minute

// The grid shows at least these hours, so that an extra patient before
// or after the usual hours has a row to be booked in.
const (
	gridFirst = schedule.Clock(7 * 60)
	gridLast  = schedule.Clock(19 * 60)
)

// gridColumn is one column of the grid: a clinician on a date. A column
// without a clinician stands for a date on which no one works.
type gridColumn struct {
	Date   time.Time // local midnight
	Doctor *clinic.Doctor
	Hours  []schedule.Stretch // when the clinician works that date
	Appts  []*clinic.Appointment
	Label  string // the column's heading
	Sub    string // the hours in words
	Today  bool
}

// gridGroup is a heading over several columns: a date of the week view.
type gridGroup struct {
	Label string
	Span  int
	Today bool
}

type gridRow struct {
	Label string // "9:00 AM", or "9:15" within the hour
	Hour  bool
	Now   bool // the time now falls in this row on today's date
	Cells []gridCell
}

// gridCell is a cell of the grid: a stretch of booked time with its
// appointments (Span rows long), a row covered by such a stretch (not
// drawn), or a free row that can be booked unless it has passed.
type gridCell struct {
	Covered bool
	Span    int
	Appts   []gridAppt
	Open    bool   // within the clinician's hours at the office shown
	Past    bool   // the time has begun: it cannot be booked
	Now     bool   // the line of now runs across the top of this cell
	URL     string // the booking form at this time, for a free cell
	Clock   string // the time, shown on a free cell with focus
	Label   string // the free cell's link in words, for screen readers
}

// gridAppt is an appointment in a cell: its link and what it says.
type gridAppt struct {
	URL     string
	Context string // the date and clinician, spoken before the rest
	Time    string
	What    string // the patient's name, or what a block is for
	Detail  string // the visit, its status, another office
	Class   string // booked, block, held
}

// calendarGrid is the grid of a day or a week: a table whose rows are
// times and whose columns are clinicians on dates.
type calendarGrid struct {
	Groups  []gridGroup // set when a date spans several columns
	Columns []*gridColumn
	Rows    []gridRow
}

// gridSpec is what the grid is drawn from besides its columns.
type gridSpec struct {
	Now      time.Time
	Zone     *time.Location
	Location string // the office shown, "" for all
	Names    bookingOptions
}

// buildGrid lays the columns' appointments and hours out on rows of
// gridStep from the earliest hour any column needs to the latest.
func buildGrid(cols []*gridColumn, spec gridSpec) *calendarGrid {
	first, last := gridRange(cols, spec.Zone)
	g := &calendarGrid{Columns: cols}
	for c := first; c < last; c += schedule.Clock(gridStep / time.Minute) {
		g.Rows = append(g.Rows, gridRow{Label: clockText(c), Hour: c%60 == 0})
	}
	for _, col := range cols {
		cells := spec.column(col, first, len(g.Rows))
		for i := range g.Rows {
			g.Rows[i].Cells = append(g.Rows[i].Cells, cells[i])
			g.Rows[i].Now = g.Rows[i].Now || cells[i].Now
		}
	}
	return g
}

// gridRange is the wall-clock times the rows run between: gridFirst to
// gridLast, widened to the hours and appointments of every column, on
// whole hours.
func gridRange(cols []*gridColumn, zone *time.Location) (first, last schedule.Clock) {
	first, last = gridFirst, gridLast
	for _, col := range cols {
		for _, h := range col.Hours {
			first, last = min(first, h.Start), max(last, h.End)
		}
		for _, a := range col.Appts {
			s, e := clockOn(col.Date, a.Start, zone), clockOn(col.Date, a.End.Add(a.Buffer), zone)
			first, last = min(first, s), max(last, e)
		}
	}
	return first / 60 * 60, min((last+59)/60*60, schedule.EndOfDay)
}

// clockOn is the wall-clock time of t on date day (local midnight),
// clamped to the date: a time before it is 0:00, one after it 24:00.
func clockOn(day, t time.Time, zone *time.Location) schedule.Clock {
	t = t.In(zone)
	switch {
	case t.Before(day):
		return 0
	case !t.Before(day.AddDate(0, 0, 1)):
		return schedule.EndOfDay
	}
	return schedule.Clock(t.Hour()*60 + t.Minute())
}

// rowStart is the instant row i of a column starts.
func rowStart(day time.Time, first schedule.Clock, i int, zone *time.Location) time.Time {
	c := int(first) + i*int(gridStep/time.Minute)
	return time.Date(day.Year(), day.Month(), day.Day(), c/60, c%60, 0, 0, zone)
}

// column lays out one column's n rows from first.
func (spec gridSpec) column(col *gridColumn, first schedule.Clock, n int) []gridCell {
	cells := make([]gridCell, n)
	for i := range cells {
		start := rowStart(col.Date, first, i, spec.Zone)
		cells[i].Past = start.Before(spec.Now)
		cells[i].Now = !spec.Now.Before(start) && spec.Now.Before(start.Add(gridStep))
		if col.Doctor != nil {
			spec.free(col, &cells[i], start)
		}
	}
	for _, seg := range segments(col, first, n, spec.Zone) {
		top := &cells[seg.first]
		*top = gridCell{Span: seg.last - seg.first + 1, Now: top.Now}
		for _, a := range seg.appts {
			top.Appts = append(top.Appts, spec.appt(col, a))
		}
		for i := seg.first + 1; i <= seg.last; i++ {
			cells[i] = gridCell{Covered: true}
		}
	}
	return cells
}

// free fills in a free cell at start: whether it is within the hours, and
// the link that books it.
func (spec gridSpec) free(col *gridColumn, cell *gridCell, start time.Time) {
	c := clockOn(col.Date, start, spec.Zone)
	loc, open := schedule.Contains(col.Hours, c, c+schedule.Clock(gridStep/time.Minute))
	if spec.Location != "" && loc != spec.Location {
		open = false
	}
	cell.Open = open
	if cell.Past {
		return
	}
	if !open {
		loc = defaultOffice(col.Doctor, spec.Location)
	}
	cell.Clock = shortClock(start)
	cell.URL = "/admin/appointments/new?" + url.Values{"provider": {col.Doctor.Slug}, "location": {loc},
		"start": {start.Format(localLayout)}}.Encode()
	where := ", outside working hours"
	if open {
		where = ", " + spec.Names.city(loc)
	}
	cell.Label = "Book " + col.Doctor.Name + ", " + dayLabel(start) + ", " + shortClock(start) + where
}

// defaultOffice is where a booking outside a clinician's hours goes: the
// office shown if they work there, else their first.
func defaultOffice(d *clinic.Doctor, shown string) string {
	if slices.Contains(d.Locations, shown) || len(d.Locations) == 0 {
		return shown
	}
	return d.Locations[0]
}

// segment is a run of rows that appointments overlapping each other's
// rows hold, drawn as one cell.
type segment struct {
	first, last int
	appts       []*clinic.Appointment
}

// segments groups a column's appointments, by start, into runs of rows.
func segments(col *gridColumn, first schedule.Clock, n int, zone *time.Location) []segment {
	var out []segment
	step := int(gridStep / time.Minute)
	for _, a := range col.Appts {
		s := int(clockOn(col.Date, a.Start, zone) - first)
		e := int(clockOn(col.Date, a.End.Add(a.Buffer), zone) - first)
		lo, hi := max(s/step, 0), min((e+step-1)/step-1, n-1)
		if hi < lo {
			continue
		}
		if k := len(out); k > 0 && lo <= out[k-1].last {
			out[k-1].last = max(out[k-1].last, hi)
			out[k-1].appts = append(out[k-1].appts, a)
			continue
		}
		out = append(out, segment{first: lo, last: hi, appts: []*clinic.Appointment{a}})
	}
	return out
}

// appt is an appointment as its cell shows it.
func (spec gridSpec) appt(col *gridColumn, a *clinic.Appointment) gridAppt {
	row := spec.Names.row(a)
	start, end := a.Start.In(spec.Zone), a.End.In(spec.Zone)
	g := gridAppt{URL: "/admin/appointments/" + itoa64(a.ID), Context: dayLabel(start) + ", " + row.Doctor + ": ",
		Time: shortClock(start) + " to " + shortClock(end), What: a.Patient.Name, Class: "booked"}
	details := []string{row.Type, apptStatusName(a.Status)}
	switch {
	case a.Type == clinic.BlockType:
		g.What, g.Class, details = "Blocked", "block", []string{a.Patient.Reason}
	case !a.HeldUntil.IsZero():
		g.Class, details = "held", []string{row.Type, "held for a patient on the waitlist"}
	}
	if spec.Location != "" && a.Location != spec.Location {
		details = append(details, "at "+row.Location)
	}
	g.Detail = strings.Join(slices.DeleteFunc(details, func(s string) bool { return s == "" }), ", ")
	return g
}

// city is an office's name as the calendar shows it.
func (o bookingOptions) city(slug string) string {
	for _, l := range o.Locations {
		if l.Slug == slug {
			return l.City
		}
	}
	return slug
}

// hoursText writes a column's hours for its heading, at the office shown
// or at each: "Seattle 8:00 AM to 12:00 PM, 1:00 PM to 5:00 PM", or that
// the clinician is not working.
func (o bookingOptions) hoursText(hours []schedule.Stretch, shown string) string {
	var parts []string
	for i := 0; i < len(hours); {
		j := i
		for j < len(hours) && hours[j].Location == hours[i].Location {
			j++
		}
		if shown == "" || hours[i].Location == shown {
			parts = append(parts, o.city(hours[i].Location)+" "+spansText(hours[i:j]))
		}
		i = j
	}
	if len(parts) == 0 {
		return "Not working"
	}
	return strings.Join(parts, "; ")
}

// spansText writes stretches as times: "8:00 AM to 12:00 PM, 1:00 PM to
// 5:00 PM".
func spansText(hours []schedule.Stretch) string {
	parts := make([]string, len(hours))
	for i, h := range hours {
		parts[i] = clockText(h.Start) + " to " + clockText(h.End)
	}
	return strings.Join(parts, ", ")
}

// clockText writes a wall-clock time as people read it: "9:00 AM".
func clockText(c schedule.Clock) string {
	if c >= schedule.EndOfDay {
		return "midnight"
	}
	return shortClock(time.Date(2000, 1, 1, int(c)/60, int(c)%60, 0, 0, time.UTC))
}
