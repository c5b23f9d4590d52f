package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"time"

	"clinic"
	"clinic/internal/jsonld"
)

// bookingWeeks is how far ahead the week links go.
const bookingWeeks = 12

// bookChoice is what a patient has chosen so far: the type of visit, the
// office, and a doctor or "" for the first available.
type bookChoice struct {
	Type, Location, Doctor string
}

func choiceOf(v url.Values) bookChoice {
	return bookChoice{Type: v.Get("type"), Location: v.Get("location"), Doctor: v.Get("doctor")}
}

// BookURL is the booking page with this choice made, for templates.
func (c bookChoice) BookURL() template.URL { return template.URL("/appointments?" + c.query()) }

// WaitlistURL is the waitlist form for this choice, for templates.
func (c bookChoice) WaitlistURL() template.URL {
	return template.URL("/appointments/waitlist?" + c.query())
}

// query is the choice as URL query values, with extra pairs.
func (c bookChoice) query(extra ...string) string {
	v := url.Values{"type": {c.Type}, "location": {c.Location}}
	if c.Doctor != "" {
		v.Set("doctor", c.Doctor)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v.Encode()
}

// bookingOptions is what a patient chooses from.
type bookingOptions struct {
	Types     []*clinic.AppointmentType
	Locations []*clinic.Location
	Doctors   []*clinic.Doctor
}

// slotDay is one local date's open times.
type slotDay struct {
	Date  time.Time
	Slots []slotLink
}

type slotLink struct {
	Start  time.Time
	Doctor string // the doctor's name
	URL    string
}

type bookPage struct {
	basePage
	bookingOptions
	Intro            template.HTML
	Choice           bookChoice
	Chosen           bool // the choice is complete and valid: times are shown
	Type             *clinic.AppointmentType
	Location         *clinic.Location
	Days             []slotDay
	WeekOf           time.Time
	PrevURL, NextURL string
	Zone             string
	Problem          string
}

func (s *Server) bookingOptions(ctx context.Context) (bookingOptions, error) {
	return s.options(ctx, false)
}

// options is what can be chosen; with retired, also the visit types no
// longer offered, for staff pages about older appointments.
func (s *Server) options(ctx context.Context, retired bool) (bookingOptions, error) {
	var o bookingOptions
	var err error
	if o.Types, err = s.cfg.Schedule.AppointmentTypes(ctx, retired); err != nil {
		return o, err
	}
	if o.Locations, err = s.content.Locations(ctx); err != nil {
		return o, err
	}
	o.Doctors, err = s.content.Doctors(ctx)
	return o, err
}

// resolve checks a choice against the options and returns the type, the
// location and the providers to search, or what the patient must fix.
func (o bookingOptions) resolve(c bookChoice) (*clinic.AppointmentType, *clinic.Location, []*clinic.Doctor, string) {
	ti := slices.IndexFunc(o.Types, func(t *clinic.AppointmentType) bool { return t.Slug == c.Type })
	li := slices.IndexFunc(o.Locations, func(l *clinic.Location) bool { return l.Slug == c.Location })
	if ti < 0 || li < 0 {
		return nil, nil, nil, "Please choose a type of visit and an office."
	}
	var docs []*clinic.Doctor
	for _, d := range o.Doctors {
		if slices.Contains(d.Locations, c.Location) && (c.Doctor == "" || d.Slug == c.Doctor) {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, nil, nil, "That clinician does not see patients at this office. Please choose another, or the first available."
	}
	return o.Types[ti], o.Locations[li], docs, ""
}

// bookingStart is the booking page: the choice of visit, office and
// doctor, and once chosen, a week of open times. It is a plain GET form,
// so that it works without JavaScript and every step has a URL.
func (s *Server) bookingStart(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := bookPage{Choice: choiceOf(r.URL.Query())}
	var err error
	if p.basePage, err = s.base(ctx, r, "Schedule an appointment", "Book a visit online: choose the type of visit, the office and the clinician, and see open times.",
		jsonld.Crumb{Name: "Schedule an appointment", Path: "/appointments"}); err != nil {
		return err
	}
	if pg, err := s.content.Page(ctx, "appointments"); err == nil {
		if p.Intro, err = s.md.HTML(pg.Body); err != nil {
			return err
		}
	}
	if p.bookingOptions, err = s.bookingOptions(ctx); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	zone := s.zone(p.Site)
	p.Zone = zone.String()
	status := http.StatusOK
	// A link from a clinician's or an office's page chooses part of it:
	// that is preselected, and times come once type and office are chosen.
	if p.Choice.Type != "" && p.Choice.Location != "" {
		if err := s.weekOfSlots(ctx, r, zone, &p); err != nil {
			return err
		}
		if p.Problem != "" {
			status = http.StatusUnprocessableEntity
		}
	}
	return s.render(w, status, "book", p)
}

// weekOfSlots fills p with the open times of the week asked for.
func (s *Server) weekOfSlots(ctx context.Context, r *http.Request, zone *time.Location, p *bookPage) error {
	var docs []*clinic.Doctor
	p.Type, p.Location, docs, p.Problem = p.bookingOptions.resolve(p.Choice)
	if p.Problem != "" {
		return nil
	}
	today := midnight(s.now().In(zone))
	p.WeekOf = today
	if w := r.URL.Query().Get("week"); w != "" {
		d, err := time.ParseInLocation(time.DateOnly, w, zone)
		if err != nil || d.Before(today) || d.After(lastBookable(7*bookingWeeks*24*time.Hour, today)) {
			p.Problem = "That week is not one we can show. Here are the open times from today."
		} else {
			p.WeekOf = d
		}
	}
	slots, horizon, err := s.bookableSlots(ctx, zone, p.Type, slugsOf(docs), p.Location.Slug, p.WeekOf, p.WeekOf.AddDate(0, 0, 7))
	if err != nil {
		return err
	}
	last := lastBookable(horizon, today)
	if p.WeekOf.After(last) { // past the clinicians' horizon: a rare hand-made link
		p.Problem, p.WeekOf = "That week is not one we can show. Here are the open times from today.", today
		if slots, _, err = s.bookableSlots(ctx, zone, p.Type, slugsOf(docs), p.Location.Slug, today, today.AddDate(0, 0, 7)); err != nil {
			return err
		}
	}
	end := p.WeekOf.AddDate(0, 0, 7)
	p.Chosen = true
	p.Days = s.slotDays(slots, p.Choice, docs, zone)
	if prev := p.WeekOf.AddDate(0, 0, -7); !prev.Before(today) {
		p.PrevURL = "/appointments?" + p.Choice.query("week", prev.Format(time.DateOnly)) + "#times"
	} else if p.WeekOf.After(today) {
		p.PrevURL = "/appointments?" + p.Choice.query() + "#times"
	}
	if !end.After(last) {
		p.NextURL = "/appointments?" + p.Choice.query("week", end.Format(time.DateOnly)) + "#times"
	}
	return nil
}

func slugsOf(docs []*clinic.Doctor) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Slug
	}
	return out
}

// slotDays groups slots by local date, each with the link that books it.
func (s *Server) slotDays(slots []openSlot, c bookChoice, docs []*clinic.Doctor, zone *time.Location) []slotDay {
	names := map[string]string{}
	for _, d := range docs {
		names[d.Slug] = d.Name
	}
	var days []slotDay
	for _, sl := range slots {
		start := sl.Start.In(zone)
		if n := len(days); n == 0 || start.YearDay() != days[n-1].Date.YearDay() {
			days = append(days, slotDay{Date: start})
		}
		pick := c
		pick.Doctor = sl.Provider
		link := slotLink{Start: start, Doctor: names[sl.Provider],
			URL: "/appointments/details?" + pick.query("start", start.Format(time.RFC3339))}
		days[len(days)-1].Slots = append(days[len(days)-1].Slots, link)
	}
	return days
}
