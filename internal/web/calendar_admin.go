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
		{"POST /admin/calendar/block", p, s.blockTime},
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

// calendarView is which appointments the calendar shows.
type calendarView struct {
	View               string // "day" or "week"
	Date               time.Time
	Location, Provider string
}

func (v calendarView) query(date time.Time) string {
	return url.Values{"view": {v.View}, "date": {date.Format(time.DateOnly)}, "location": {v.Location}, "provider": {v.Provider}}.Encode()
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
	Days             []calendarDay
	PrevURL, NextURL string
	Zone             string
	Now              string // datetime-local of now, for the block form
}

// calendarViewOf reads the calendar's filters; bad values fall back to
// today's day view.
func calendarViewOf(q url.Values, today time.Time) calendarView {
	v := calendarView{View: q.Get("view"), Date: today, Location: cleanParam(q.Get("location")), Provider: cleanParam(q.Get("provider"))}
	if v.View != "week" {
		v.View = "day"
	}
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("date"), today.Location()); err == nil && d.Year() > 2000 && d.Year() < 2200 {
		v.Date = d
	}
	if v.View == "week" {
		v.Date = v.Date.AddDate(0, 0, -((int(v.Date.Weekday()) + 6) % 7)) // Monday
	}
	return v
}

// calendar shows a day or a week of appointments, by office and
// clinician. It names patients, so it is an audited PHI read.
func (s *Server) calendar(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	ap, err := s.adminBase(r, "Calendar")
	if err != nil {
		return err
	}
	zone := s.zone(ap.Site)
	now := s.now().In(zone)
	p := calendarPage{adminPage: ap, calendarView: calendarViewOf(r.URL.Query(), midnight(now)), Zone: zone.String(),
		Now: now.Truncate(time.Hour).Add(time.Hour).Format(localLayout)}
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
	as, err := s.cfg.Booking.Appointments(ctx, clinic.AppointmentFilter{From: p.Date, To: end, Provider: p.Provider, Location: p.Location})
	if err != nil {
		return err
	}
	p.Days = p.calendarDays(as, p.Date, days, zone)
	p.PrevURL = "/admin/calendar?" + p.query(p.Date.AddDate(0, 0, -days))
	p.NextURL = "/admin/calendar?" + p.query(end)
	return s.renderAdmin(w, http.StatusOK, "admin-calendar", p)
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

// blockTime holds time in a clinician's day, through the same guard as
// a booking.
func (s *Server) blockTime(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	f := r.PostForm
	a, err := s.blockOf(ctx, f, s.zone(site))
	if err == nil {
		_, err = s.cfg.Booking.Book(ctx, a)
	}
	if err != nil {
		s.audit(r, sessionFrom(ctx), "appointment.block", "appointments", clinic.AuditRefused, clinic.ErrorKind(err))
		return err
	}
	if err := s.auditOrFail(r, sessionFrom(ctx), "appointment.block", idRecord("appointment", a.ID), clinic.AuditOK, a.Provider+" "+a.Start.Format(localLayout)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/appointments/"+itoa64(a.ID), "saved"), http.StatusSeeOther)
	return nil
}

// blockOf reads the block-time form.
func (s *Server) blockOf(ctx context.Context, f url.Values, zone *time.Location) (*clinic.Appointment, error) {
	start, err := parseLocal(f.Get("start"), zone)
	if err != nil {
		return nil, err
	}
	minutes, ok := atoiRange(f.Get("minutes"), 5, 12*60)
	if !ok {
		return nil, clinic.Errorf(clinic.EInvalid, "A block lasts from 5 minutes to 12 hours.")
	}
	o, err := s.bookingOptions(ctx)
	if err != nil {
		return nil, err
	}
	if err := o.place(f.Get("provider"), f.Get("location")); err != nil {
		return nil, err
	}
	return &clinic.Appointment{Type: clinic.BlockType, Provider: f.Get("provider"), Location: f.Get("location"), Start: start,
		End: start.Add(time.Duration(minutes) * time.Minute), Patient: clinic.PatientDetails{Reason: truncate(f.Get("reason"), 200)}}, nil
}

// appointmentFor loads the appointment of the request's {id}, recording
// the read of PHI as action first; a change is recorded after it is made,
// with staffChange, so an empty action records nothing here.
func (s *Server) appointmentFor(r *http.Request, action string) (*clinic.Appointment, error) {
	id, err := leadID(r)
	if err != nil {
		return nil, clinic.Errorf(clinic.ENotFound, "There is no such appointment.")
	}
	if action != "" {
		if err := s.auditOrFail(r, sessionFrom(r.Context()), action, idRecord("appointment", id), clinic.AuditOK, ""); err != nil {
			return nil, err
		}
	}
	return s.cfg.Booking.Appointment(r.Context(), id)
}

// staffOptions are the choices of the back office: retired visit types
// too, so that old appointments keep their names.
func (s *Server) staffOptions(ctx context.Context) (bookingOptions, error) {
	return s.options(ctx, true)
}
