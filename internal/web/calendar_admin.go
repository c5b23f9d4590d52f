package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
)

// calendarRoutes are the front desk's routes: the calendar, appointments
// and booking on a patient's behalf.
func (s *Server) calendarRoutes() []adminRoute {
	p := clinic.PermPatients
	return []adminRoute{
		{"GET /admin/calendar", p, s.calendar},
		{"POST /admin/calendar/glass", p, s.calendarGlass},
		{"GET /admin/calendar/block", p, s.blockTimeForm},
		{"POST /admin/calendar/block", p, s.blockTime},
		{"GET /admin/today", p, s.today},
		{"GET /admin/appointments/new", p, s.newAppointment},
		{"POST /admin/appointments/new", p, s.createAppointment},
		{"GET /admin/appointments/{id}", p, s.appointment},
		{"POST /admin/appointments/{id}/status", p, s.appointmentStatus},
		{"POST /admin/appointments/{id}/move", p, s.appointmentMove},
		{"GET /admin/waitlist", p, s.waitlistAdmin},
		{"POST /admin/waitlist/{id}/remove", p, s.waitlistRemove},
	}
}

// localLayout is how a datetime-local input writes a time.
const localLayout = "2006-01-02T15:04"

// parseLocal reads a datetime-local value in zone. A wall time that does
// not exist (the hour the clocks skip) is refused rather than moved.
func parseLocal(v string, zone *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation(localLayout, v, zone)
	if err != nil {
		return t, clinic.Errorf(clinic.EInvalid, "Please give a date and time, such as 2027-03-15 09:00.")
	}
	if t.Format(localLayout) != v {
		return t, clinic.Errorf(clinic.EInvalid, "%s does not exist in the clinic's time zone: the clocks skip that hour.", v)
	}
	if t.Year() < 2000 || t.Year() > 2199 {
		return t, clinic.Errorf(clinic.EInvalid, "Please give a date between the years 2000 and 2199.")
	}
	if t.Minute()%5 != 0 {
		return t, clinic.Errorf(clinic.EInvalid, "Please give a time on the five minutes, such as 9:05 or 9:10.")
	}
	return t, nil
}

// cleanParam is a filter value from a URL as the database may see it: one
// that could not name anything (bad UTF-8, a NUL, too long) names nothing.
func cleanParam(v string) string {
	if len(v) > 100 || !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
		return ""
	}
	return v
}

// place checks that a clinician works at an office, for staff changes.
func (o bookingOptions) place(provider, location string) error {
	for _, d := range o.Doctors {
		if d.Slug == provider {
			if slices.Contains(d.Locations, location) {
				return nil
			}
			return clinic.Errorf(clinic.EInvalid, "%s does not see patients at that office. Choose one of their offices.", d.Name)
		}
	}
	return clinic.Errorf(clinic.EInvalid, "Choose a clinician.")
}

// calendarView is which appointments the calendar shows, and how: as a
// grid of times (the default) or as a plain list.
type calendarView struct {
	View               string // "day" or "week"
	Layout             string // "grid" or "list"
	Date               time.Time
	Location, Provider string
}

func (v calendarView) query(date time.Time) string {
	q := url.Values{"view": {v.View}, "date": {date.Format(time.DateOnly)}, "location": {v.Location}, "provider": {v.Provider}}
	if v.Layout == "list" {
		q.Set("layout", "list")
	}
	return q.Encode()
}

// LayoutURL is this view in the other layout, for templates.
func (v calendarView) LayoutURL(layout string) string {
	v.Layout = layout
	return "/admin/calendar?" + v.query(v.Date)
}

type calendarDay struct {
	Date  time.Time
	Appts []calendarRow
}

type calendarRow struct {
	Appt     *clinic.Appointment
	Type     string // the type's name, or "Blocked"
	Doctor   string
	Location string
}

type calendarPage struct {
	adminPage
	bookingOptions
	calendarView
	Days             []calendarDay // the list layout
	Grid             *calendarGrid // the grid layout
	Hidden           int           // cancelled and no-show appointments the grid leaves out
	PrevURL, NextURL string
	TodayURL         string
	Zone             string
	Block            blockForm
}

// calendarViewOf reads the calendar's filters; bad values fall back to
// today's day view as a grid.
func calendarViewOf(q url.Values, today time.Time) calendarView {
	v := calendarView{View: q.Get("view"), Layout: q.Get("layout"), Date: today, Location: cleanParam(q.Get("location")), Provider: cleanParam(q.Get("provider"))}
	if v.View != "week" {
		v.View = "day"
	}
	if v.Layout != "list" {
		v.Layout = "grid"
	}
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("date"), today.Location()); err == nil && d.Year() > 2000 && d.Year() < 2199 {
		v.Date = d
	}
	if v.View == "week" {
		v.Date = v.Date.AddDate(0, 0, -((int(v.Date.Weekday()) + 6) % 7)) // Monday
	}
	return v
}

// calendar shows a day or a week of appointments, by office and
// clinician, as a grid of times or as a list. It names patients, so it
// is an audited PHI read.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.adminBase(r, "Calendar")
	if err != nil {
		return err
	}
	zone := s.zone(ap.Site)
	now := s.now().In(zone)
	p := calendarPage{adminPage: ap, calendarView: calendarViewOf(r.URL.Query(), midnight(now)), Zone: zone.String()}
	if answered, err := s.providerCalendar(w, r, &p.calendarView); err != nil || answered {
		return err
	}
	if p.bookingOptions, err = s.staffOptions(ctx); err != nil {
		return err
	}
	days := 1
	if p.View == "week" {
		days = 7
	}
	end := p.Date.AddDate(0, 0, days)
	if err := s.auditOrFail(r, sessionFrom(ctx), "appointment.list", "appointments", clinic.AuditOK,
		p.View+" "+p.Date.Format(time.DateOnly)+" "+p.Location+" "+p.Provider); err != nil {
		return err
	}
	if err := s.calendarBody(ctx, &p, days, now); err != nil {
		return err
	}
	p.PrevURL = "/admin/calendar?" + p.query(p.Date.AddDate(0, 0, -days))
	p.NextURL = "/admin/calendar?" + p.query(end)
	p.TodayURL = "/admin/calendar?" + p.query(midnight(now))
	return s.renderAdmin(w, http.StatusOK, "admin-calendar", p)
}

// calendarBody fills in the list or the grid of the view's days, and
// the block form.
func (s *Server) calendarBody(ctx context.Context, p *calendarPage, days int, now time.Time) error {
	zone := now.Location()
	f := clinic.AppointmentFilter{From: p.Date, To: p.Date.AddDate(0, 0, days), Provider: p.Provider, Location: p.Location}
	if p.Layout == "grid" {
		f.Location = "" // a clinician's time at another office is not free here
	}
	as, err := s.cfg.Booking.Appointments(ctx, f)
	if err != nil {
		return err
	}
	if p.Layout == "list" {
		p.Days = p.calendarDays(as, p.Date, days, zone)
	}
	wk, hidden, err := s.loadDeskWeek(ctx, p, as, days, zone)
	if err != nil {
		return err
	}
	if p.Layout == "grid" {
		cols, groups := p.gridColumns(wk, days, midnight(now))
		p.Grid = buildGrid(cols, gridSpec{Now: now, Zone: zone, Location: p.Location, Names: p.bookingOptions})
		p.Grid.Groups, p.Hidden = groups, hidden
	}
	day := p.Date
	if today := midnight(now); p.View == "week" && !today.Before(p.Date) && today.Before(p.Date.AddDate(0, 0, 7)) {
		day = today
	}
	p.Block = newBlockForm(p.blockChoices(wk, day), p.Provider, wk.doctors)
	return nil
}

func midnight(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
}

// calendarDays lays appointments out on each local date from first on.
func (p *calendarPage) calendarDays(as []*clinic.Appointment, first time.Time, n int, zone *time.Location) []calendarDay {
	out := make([]calendarDay, n)
	for i := range out {
		out[i].Date = first.AddDate(0, 0, i)
	}
	for _, a := range as {
		a.Start, a.End = a.Start.In(zone), a.End.In(zone)
		i := int(midnight(a.Start).Sub(first).Hours()+12) / 24
		if i < 0 || i >= n {
			continue
		}
		out[i].Appts = append(out[i].Appts, p.row(a))
	}
	return out
}

func (o bookingOptions) row(a *clinic.Appointment) calendarRow {
	row := calendarRow{Appt: a, Type: "Blocked", Doctor: a.Provider, Location: a.Location}
	for _, t := range o.Types {
		if t.Slug == a.Type {
			row.Type = t.Name
		}
	}
	for _, d := range o.Doctors {
		if d.Slug == a.Provider {
			row.Doctor = d.Name
		}
	}
	for _, l := range o.Locations {
		if l.Slug == a.Location {
			row.Location = l.City
		}
	}
	return row
}

// appointmentFor loads the appointment of the request's {id} if it is on
// a calendar open to the signed-in user (errOtherCalendar), recording
// the read of PHI as action before it is shown; a change is recorded after it is made,
// with staffChange, so an empty action records nothing here.
func (s *Server) appointmentFor(r *http.Request, action string) (*clinic.Appointment, error) {
	id, err := leadID(r)
	if err != nil {
		return nil, clinic.Errorf(clinic.ENotFound, "There is no such appointment.")
	}
	a, err := s.cfg.Booking.Appointment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if open, err := s.calendarOpen(r, a.Provider); err != nil {
		return nil, err
	} else if !open {
		return nil, errOtherCalendar(a.Provider)
	}
	if action != "" {
		if err := s.auditOrFail(r, sessionFrom(r.Context()), action, idRecord("appointment", id), clinic.AuditOK, ""); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// staffOptions are the choices of the back office: retired visit types
// too, so that old appointments keep their names.
func (s *Server) staffOptions(ctx context.Context) (bookingOptions, error) {
	return s.options(ctx, true)
}
