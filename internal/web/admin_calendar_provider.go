package web

import (
	"net/http"
	"net/url"

	"clinic"
)

// providerCalendar applies a provider's scope to the calendar: a provider
// linked to a doctor page sees that doctor's calendar by default, and
// another clinician's only after breaking the glass for it with a reason
// from the fixed list, audited, for glassFor. It reports whether it
// answered the request itself, with the form asking for a reason.
func (s *Server) providerCalendar(w http.ResponseWriter, r *http.Request, v *calendarView) (bool, error) {
	scope, err := s.providerScope(r)
	if err != nil || scope == "" || scope == "-" {
		return false, err // not a provider, or one linked to no page: as before
	}
	if v.Provider == "" {
		v.Provider = scope
	}
	if open, err := s.calendarOpen(r, v.Provider); err != nil || open {
		return false, err
	}
	return true, s.calendarGlassForm(w, r, http.StatusOK, v.Provider, "")
}

// calendarOpen reports whether the signed-in user may see doctor's
// calendar: any role but a provider; a provider linked to no doctor page
// sees every calendar, as before there were links; a linked provider sees
// their own, and another's once they broke the glass for it, within
// glassFor.
func (s *Server) calendarOpen(r *http.Request, doctor string) (bool, error) {
	scope, err := s.providerScope(r)
	if err != nil || scope == "" || scope == "-" || scope == doctor {
		return err == nil, err
	}
	return s.glassOpen(r, "calendar.break_glass", "doctor:"+doctor)
}

// calendarScope is the one calendar a provider linked to a doctor page
// sees without breaking the glass, or "" for staff who see every one.
func (s *Server) calendarScope(r *http.Request) (string, error) {
	scope, err := s.providerScope(r)
	if scope == "-" {
		scope = ""
	}
	return scope, err
}

// otherCalendar is the refusal of an appointment on a calendar not open
// to the provider; it names the calendar, so that the page can offer to
// open it.
type otherCalendar string

func (otherCalendar) Error() string { return "an appointment on another clinician's calendar" }

func errOtherCalendar(doctor string) error {
	return &clinic.Error{Kind: clinic.EForbidden, Err: otherCalendar(doctor),
		Message: "This appointment is on another clinician's calendar. Open their calendar, giving your reason, to see it."}
}

type calendarGlassPage struct {
	adminPage
	Doctor  string
	Reasons []string
}

func (s *Server) calendarGlassForm(w http.ResponseWriter, r *http.Request, status int, doctor, problem string) error {
	base, err := s.adminBase(r, "Another clinician's calendar")
	if err != nil {
		return err
	}
	base.Problem = problem
	return s.renderAdmin(w, status, "admin-calendar-glass", calendarGlassPage{adminPage: base, Doctor: doctor, Reasons: glassReasons})
}

// calendarGlass opens another clinician's calendar to a provider for
// glassFor, with a reason from the list, audited before anything shows.
func (s *Server) calendarGlass(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	doctor, reason := cleanParam(r.PostForm.Get("doctor")), r.PostForm.Get("reason")
	if _, err := s.content.Doctor(r.Context(), doctor); err != nil {
		return err
	}
	if !validGlass(reason) {
		return s.calendarGlassForm(w, r, http.StatusUnprocessableEntity, doctor, "Please choose why you need this calendar.")
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "calendar.break_glass", "doctor:"+doctor, clinic.AuditOK, reason); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/calendar?"+url.Values{"provider": {doctor}}.Encode(), http.StatusSeeOther)
	return nil
}
