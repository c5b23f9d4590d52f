package web

import (
	"net/http"
	"slices"
	"time"

	"clinic"
)

// scheduleRoutes are the back-office routes that keep the providers'
// availability and the appointment types.
func (s *Server) scheduleRoutes() []adminRoute {
	return []adminRoute{
		{"GET /admin/schedule", clinic.PermSchedule, s.schedules},
		{"GET /admin/schedule/{provider}", clinic.PermSchedule, s.providerSchedule},
		{"POST /admin/schedule/{provider}/week", clinic.PermSchedule, s.saveWeek},
		{"POST /admin/schedule/{provider}/exceptions", clinic.PermSchedule, s.addException},
		{"POST /admin/schedule/{provider}/exceptions/{id}/delete", clinic.PermSchedule, s.deleteException},
		{"POST /admin/schedule/{provider}/rules", clinic.PermSchedule, s.saveRules},
		{"GET /admin/appointment-types", clinic.PermSchedule, s.appointmentTypes},
		{"POST /admin/appointment-types", clinic.PermSchedule, s.createAppointmentType},
		{"POST /admin/appointment-types/{slug}", clinic.PermSchedule, s.saveAppointmentType},
	}
}

// exceptionsAhead is how far ahead the provider page lists exceptions.
const exceptionsAhead = 3 * 366 * 24 * time.Hour

type schedulesPage struct {
	adminPage
	Providers []providerRow
	// Disagree says where an office's listed hours and the times its
	// clinicians can be booked there do not agree.
	Disagree []string
}

type providerRow struct {
	Doctor  *clinic.Doctor
	Summary string
}

// schedules lists the providers with a line about each one's week.
func (s *Server) schedules(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.adminBase(r, "Schedule")
	if err != nil {
		return err
	}
	sp := schedulesPage{adminPage: p}
	doctors, err := s.content.Doctors(ctx)
	if err != nil {
		return err
	}
	offices, err := s.content.Locations(ctx)
	if err != nil {
		return err
	}
	weeks, err := s.cfg.Schedule.WeeklyAvailability(ctx)
	if err != nil {
		return err
	}
	var all []*clinic.AvailabilityWindow
	for _, d := range doctors {
		sp.Providers = append(sp.Providers, providerRow{Doctor: d, Summary: weekSummary(weeks[d.Slug], offices)})
		all = append(all, weeks[d.Slug]...)
	}
	for _, l := range offices {
		sp.Disagree = append(sp.Disagree, clinic.HoursDisagreements(l, all)...)
	}
	return s.renderAdmin(w, http.StatusOK, "admin-schedule", sp)
}

// providerPage is one provider's schedule: three forms, each of which
// keeps what was typed when it is refused.
type providerPage struct {
	adminPage
	Doctor     *clinic.Doctor
	Offices    []officeRow
	Week       string
	Hidden     []string // cities with weekly hours that are not on the profile
	Exceptions []exceptionRow
	Exception  exceptionForm
	Rules      rulesForm
	Today      string // YYYY-MM-DD, local
}

type officeRow struct {
	*clinic.Location
	OnProfile bool
}

// providerPage loads the page of the provider in the path, with every
// form filled from the store.
func (s *Server) providerPage(r *http.Request) (*providerPage, error) {
	ctx := r.Context()
	d, err := s.content.Doctor(ctx, r.PathValue("provider"))
	if err != nil {
		return nil, err
	}
	p, err := s.adminBase(r, "Schedule of "+d.Name)
	if err != nil {
		return nil, err
	}
	pp := &providerPage{adminPage: p, Doctor: d, Exception: exceptionForm{Kind: clinic.ExceptionClosed}}
	offices, err := s.content.Locations(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range offices {
		pp.Offices = append(pp.Offices, officeRow{l, slices.Contains(d.Locations, l.Slug)})
	}
	today := s.now().In(s.zone(p.Site))
	pp.Today = today.Format(time.DateOnly)
	ps, err := s.cfg.Schedule.ProviderRules(ctx, d.Slug, today, today.Add(exceptionsAhead))
	if err != nil {
		return nil, err
	}
	pp.fill(ps)
	return pp, nil
}

// fill sets the page's forms and lists from a provider's schedule.
func (pp *providerPage) fill(ps *clinic.ProviderSchedule) {
	week := sortedWeek(ps.Windows)
	pp.Week = formatWeek(week)
	for _, w := range week {
		if l := findOfficeSlug(w.Location, pp.offices()); l != nil && !slices.Contains(pp.Doctor.Locations, l.Slug) && !slices.Contains(pp.Hidden, l.City) {
			pp.Hidden = append(pp.Hidden, l.City)
		}
	}
	for _, e := range ps.Exceptions {
		if e.Day >= pp.Today {
			pp.Exceptions = append(pp.Exceptions, pp.exceptionRow(e))
		}
	}
	pp.Rules = rulesFormOf(ps.Rules)
}

func (pp *providerPage) offices() []*clinic.Location {
	ls := make([]*clinic.Location, len(pp.Offices))
	for i, o := range pp.Offices {
		ls[i] = o.Location
	}
	return ls
}

// refuse says that nothing was saved, and why, and marks the field the
// reason is about, if any.
func (pp *providerPage) refuse(field string, err error) {
	msg := clinic.ErrorMessage(err)
	pp.Problem = "Nothing was saved. " + msg
	if field != "" {
		pp.Errors = clinic.FieldErrors{field: msg}
	}
}

func (s *Server) providerSchedule(w http.ResponseWriter, r *http.Request) error {
	pp, err := s.providerPage(r)
	if err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-schedule-provider", pp)
}

// providerURL is the page of a provider's schedule.
func providerURL(pp *providerPage) string { return "/admin/schedule/" + pp.Doctor.Slug }

// saveWeek replaces a provider's weekly hours with the text's. A bad line
// refuses the whole text: nothing is saved, and the text is kept.
func (s *Server) saveWeek(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	text, ok := r.PostForm["week"]
	if !ok { // an empty text clears the week; a form without one is not ours
		return clinic.Errorf(clinic.EInvalid, "We could not read the form. Please try again.")
	}
	return s.scheduleChange(w, r, "week", func(pp *providerPage) (string, string, clinic.FieldErrors, error) {
		pp.Week = text[0] // kept if refused
		ws, err := parseWeek(text[0], pp.offices())
		if err == nil {
			err = s.cfg.Schedule.SetWeeklyAvailability(r.Context(), pp.Doctor.Slug, ws)
		}
		return "provider:" + pp.Doctor.Slug, weekSummary(ws, pp.offices()), nil, err
	}, "schedule.week")
}
