package web

import (
	"fmt"
	"net/http"
	"net/url"
	"time"

	"clinic"
	"clinic/internal/ics"
)

// moveTimes shows the open times a patient can move their appointment to:
// the same visit with the same doctor at the same office.
func (s *Server) moveTimes(w http.ResponseWriter, r *http.Request) error {
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	return s.renderMove(w, r, http.StatusOK, p)
}

func (s *Server) renderMove(w http.ResponseWriter, r *http.Request, status int, p *managePage) error {
	zone := p.Appt.Start.Location()
	today := s.now().In(zone)
	p.Week = time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, zone)
	if d, err := time.ParseInLocation(time.DateOnly, r.URL.Query().Get("week"), zone); err == nil && d.After(p.Week) && d.Before(p.Week.AddDate(0, 0, 7*bookingWeeks)) {
		p.Week = d
	}
	end := p.Week.AddDate(0, 0, 7)
	slots, ps, err := s.providerSlots(r.Context(), zone, p.Type, p.Appt.Provider, p.Appt.Location, p.Week, end)
	if err != nil {
		return err
	}
	last := lastBookable(ps.Rules.Horizon, midnight(today)) // past it, a week simply shows no times
	c := bookChoice{Type: p.Type.Slug, Location: p.Appt.Location, Doctor: p.Appt.Provider}
	p.Days = s.slotDays(slots, c, []*clinic.Doctor{p.Doctor}, zone)
	base := s.manageLink(p.Appt) + "/move?week="
	if p.Week.After(today) {
		p.PrevURL = base + p.Week.AddDate(0, 0, -7).Format(time.DateOnly)
	}
	if !end.After(last) {
		p.NextURL = base + end.Format(time.DateOnly)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "book-move", p)
}

// moveSubmit moves the appointment of a manage link to an open time,
// through the same guard as a booking.
func (s *Server) moveSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	v := url.Values{"type": {p.Type.Slug}, "location": {p.Appt.Location}, "doctor": {p.Appt.Provider}, "start": {r.PostForm.Get("start")}}
	ps, err := s.pickSlot(r.Context(), v, p.Appt.Start.Location())
	if err != nil {
		return err
	}
	if ps.open {
		a, err := s.cfg.Booking.Move(r.Context(), p.Appt.ID, p.Appt.Sequence, clinic.Move{Provider: p.Appt.Provider,
			Location: p.Appt.Location, Start: ps.start, End: ps.start.Add(p.Type.Duration), Buffer: p.Type.Buffer, Online: true})
		if err == nil {
			return s.toManage(w, r, a, "moved")
		}
		if clinic.ErrorKind(err) != clinic.EConflict {
			return err
		}
	}
	p.Done = "taken"
	return s.renderMove(w, r, http.StatusConflict, p)
}

// invitation is an appointment as a calendar file. A download is PUBLISH;
// an email carries REQUEST, or CANCEL for a cancelled appointment.
func (s *Server) invitation(p *apptView, site *clinic.Settings, method string) ([]byte, error) {
	a := p.Appt
	host := "clinic.invalid"
	if u, err := url.Parse(s.cfg.BaseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	loc := p.Location
	place := fmt.Sprintf("%s, %s, %s, %s %s", loc.Name, loc.Street, loc.City, loc.Region, loc.PostalCode)
	where := loc.Name
	if p.Type.Virtual {
		place, where = "By phone or video: we will send you the details.", "by phone or video"
	}
	e := ics.Event{
		UID: "appointment-" + a.UID + "@" + host, Sequence: a.Sequence,
		Start: a.Start, End: a.End, Zone: a.Start.Location(),
		Summary:     fmt.Sprintf("%s with %s", p.Type.Name, p.Doctor.Name),
		Description: fmt.Sprintf("%s, %s.\nTo reschedule or cancel: %s\nQuestions: %s", site.ClinicName, where, s.cfg.BaseURL+p.Link, site.Phone),
		Location:    place, URL: s.cfg.BaseURL + p.Link, Stamp: s.now(),
		Organizer: ics.Address{Name: site.ClinicName, Email: site.Email},
	}
	if method != ics.MethodPublish {
		e.Attendee = ics.Address{Name: a.Patient.Name, Email: a.Patient.Email}
	}
	if a.Status == clinic.ApptCancelled {
		e.Status = ics.StatusCancelled
	}
	return ics.Encode(method, e)
}

// appointmentICS lets a patient add their appointment to a calendar.
func (s *Server) appointmentICS(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managed(r)
	if err != nil {
		return err
	}
	if p.Stale {
		return clinic.Errorf(clinic.EConflict, "This link is for an earlier version of your appointment, which has changed since. Please use the link in your latest email.")
	}
	b, err := s.invitation(p.apptView, p.Site, ics.MethodPublish)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8; method=PUBLISH")
	h.Set("Content-Disposition", `attachment; filename="appointment.ics"`)
	h.Set("Cache-Control", "no-store")
	_, err = w.Write(b)
	return err
}

// dayLabel names a local date for people: "Monday, March 15".
func dayLabel(t time.Time) string { return t.Format("Monday, January 2") }

// shortClock writes a local time without its zone, under a heading that
// names it: "9:00 AM".
func shortClock(t time.Time) string { return t.Format("3:04 PM") }

// zoneName is the zone's abbreviation at midday of t's date: "PST".
func zoneName(t time.Time) string {
	return time.Date(t.Year(), t.Month(), t.Day(), 12, 0, 0, 0, t.Location()).Format("MST")
}

// clockLabel writes a local time for people: "9:00 AM PDT".
func clockLabel(t time.Time) string { return t.Format("3:04 PM MST") }
