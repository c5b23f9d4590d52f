package web

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"clinic"
	"clinic/internal/ics"
)

// moveTimes shows the open times a patient can move their appointment to:
// the same type of visit, with the same clinician or another, at the same
// office or another, on any day.
func (s *Server) moveTimes(w http.ResponseWriter, r *http.Request) error {
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	return s.renderMove(w, r, http.StatusOK, p)
}

// movePage is the week of times a patient may move to, with the choice of
// office and clinician.
type movePage struct {
	*managePage
	bookingOptions
	Choice bookChoice // the office and clinician asked for; "" for the first available
	Days   []slotDay
	Week   time.Time
	Prev   string
	Next   string
}

func (s *Server) renderMove(w http.ResponseWriter, r *http.Request, status int, p *managePage) error {
	ctx, q := r.Context(), r.URL.Query()
	zone := p.Appt.Start.Location()
	mp := movePage{managePage: p, Choice: bookChoice{Type: p.Type.Slug, Location: p.Appt.Location, Doctor: p.Appt.Provider}}
	if q.Has("location") {
		mp.Choice.Location, mp.Choice.Doctor = q.Get("location"), q.Get("doctor")
	}
	var err error
	if mp.bookingOptions, err = s.bookingOptions(ctx); err != nil {
		return err
	}
	_, loc, docs, problem := mp.resolve(mp.Choice)
	if problem != "" {
		return clinic.Errorf(clinic.EInvalid, "%s", problem)
	}
	today := midnight(s.now().In(zone))
	mp.Week = today
	if d, err := time.ParseInLocation(time.DateOnly, q.Get("week"), zone); err == nil && d.After(today) && d.Before(today.AddDate(0, 0, 7*bookingWeeks)) {
		mp.Week = d
	}
	end := mp.Week.AddDate(0, 0, 7)
	slots, horizon, err := s.bookableSlots(ctx, zone, p.Type, slugsOf(docs), loc.Slug, mp.Week, end)
	if err != nil {
		return err
	}
	mp.Days = s.slotDays(without(slots, p.Appt), mp.Choice, docs, zone)
	base := s.manageLink(p.Appt)
	for i := range mp.Days {
		for j := range mp.Days[i].Slots {
			sl := &mp.Days[i].Slots[j]
			sl.URL = base + "/move/confirm?" + strings.TrimPrefix(sl.URL, "/appointments/details?")
		}
	}
	weekURL := func(d time.Time) string {
		return base + "/move?" + mp.Choice.query("week", d.Format(time.DateOnly)) + "#times"
	}
	if mp.Week.After(today) {
		mp.Prev = weekURL(mp.Week.AddDate(0, 0, -7))
	}
	if !end.After(lastBookable(horizon, today)) {
		mp.Next = weekURL(end)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "book-move", mp)
}

// without leaves out the slot the appointment itself holds.
func without(slots []openSlot, a *clinic.Appointment) []openSlot {
	return slices.DeleteFunc(slots, func(sl openSlot) bool { return sl.Provider == a.Provider && sl.Start.Equal(a.Start) })
}

// moveSubmit moves the appointment of a manage link to the time, clinician
// and office chosen, once the patient has confirmed it on the page that
// asks first (GET, or a POST without confirm=yes), through the same guard
// as a booking.
func (s *Server) moveSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	if r.Method == http.MethodPost {
		v = r.PostForm
	}
	choice := url.Values{"type": {p.Type.Slug}, "location": {v.Get("location")}, "doctor": {v.Get("doctor")}, "start": {v.Get("start")}}
	if v.Get("location") == "" { // a form of the same office and clinician
		choice.Set("location", p.Appt.Location)
		choice.Set("doctor", p.Appt.Provider)
	}
	ps, err := s.pickSlot(r.Context(), choice, p.Appt.Start.Location())
	if err != nil {
		return err
	}
	p.Reason = v.Get("reason")
	ask := &moveAsk{managePage: p, NewStart: ps.start, NewDoctor: ps.doctor, NewLocation: ps.location}
	if !ps.open || (ps.start.Equal(p.Appt.Start) && ps.doctor.Slug == p.Appt.Provider) {
		p.Done = "taken"
		return s.renderMove(w, r, http.StatusConflict, p)
	}
	if r.Method != http.MethodPost || v.Get("confirm") != "yes" {
		return s.renderAskMove(w, http.StatusOK, ask)
	}
	if ask.Problem = checkReason(ask.Reason); ask.Problem != "" {
		return s.renderAskMove(w, http.StatusUnprocessableEntity, ask)
	}
	a, err := s.cfg.Booking.Move(s.patientChange(r, actorManage, "appointment.move", p.Appt.ID), p.Appt.ID, p.Appt.Sequence, clinic.Move{Provider: ps.doctor.Slug,
		Location: ps.location.Slug, Start: ps.start, End: ps.start.Add(p.Type.Duration), Buffer: p.Type.Buffer, Online: true,
		Reason: withReason("Moved by the patient online.", ask.Reason)})
	if err == nil {
		return s.toManage(w, r, a, "moved")
	}
	if clinic.ErrorKind(err) != clinic.EConflict {
		return err
	}
	p.Done = "taken"
	return s.renderMove(w, r, http.StatusConflict, p)
}

// moveAsk is the page that asks a patient to confirm a move.
type moveAsk struct {
	*managePage
	NewStart    time.Time
	NewDoctor   *clinic.Doctor
	NewLocation *clinic.Location
}

func (s *Server) renderAskMove(w http.ResponseWriter, status int, ask *moveAsk) error {
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "book-move-confirm", ask)
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
