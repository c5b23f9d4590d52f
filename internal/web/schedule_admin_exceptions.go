package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"clinic"
	"clinic/internal/schedule"
)

// exceptionRow is a date exception as the provider page lists it.
type exceptionRow struct {
	ID                        int64
	Date, Hours, Kind, Office string
	Note                      string
}

// exceptionForm is what was typed into the form that adds an exception.
type exceptionForm struct {
	Day, From, To, Kind, Location, Note string
}

func (pp *providerPage) exceptionRow(e *clinic.AvailabilityException) exceptionRow {
	row := exceptionRow{ID: e.ID, Date: e.Day, Hours: "All day", Kind: "Time off", Office: "Every office", Note: e.Note}
	if d, err := time.Parse(time.DateOnly, e.Day); err == nil {
		row.Date = d.Format("Mon, January 2, 2006")
	}
	if e.Start != 0 || e.End != 0 {
		row.Hours = schedule.Clock(e.Start).String() + "–" + schedule.Clock(e.End).String()
	}
	if e.Kind == clinic.ExceptionOpen {
		row.Kind = "Extra hours"
	}
	if e.Location != "" {
		row.Office = e.Location
		if l := findOfficeSlug(e.Location, pp.offices()); l != nil {
			row.Office = l.City
		}
	}
	return row
}

// exception reads the form into an exception of the provider, or says
// per field what to fix.
func (pp *providerPage) exception(f url.Values) (*clinic.AvailabilityException, clinic.FieldErrors) {
	ef := exceptionForm{Day: strings.TrimSpace(f.Get("day")), From: strings.TrimSpace(f.Get("from")), To: strings.TrimSpace(f.Get("to")),
		Kind: f.Get("kind"), Location: f.Get("location"), Note: strings.TrimSpace(f.Get("note"))}
	pp.Exception = ef
	e := &clinic.AvailabilityException{Provider: pp.Doctor.Slug, Day: ef.Day, Kind: ef.Kind, Location: ef.Location, Note: ef.Note}
	errs := clinic.FieldErrors{}
	if _, err := time.Parse(time.DateOnly, ef.Day); err != nil {
		errs["day"] = "Enter the date as YYYY-MM-DD, such as 2027-03-14."
	} else if ef.Day < pp.Today {
		errs["day"] = "That date has passed; choose today or a later date."
	}
	pp.exceptionHours(e, errs)
	if len(ef.Note) > 200 {
		errs["note"] = "The note may be at most 200 characters."
	}
	if ef.Kind != clinic.ExceptionClosed && ef.Kind != clinic.ExceptionOpen {
		errs["kind"] = "Choose time off or extra hours."
	}
	switch {
	case ef.Location != "" && findOfficeSlug(ef.Location, pp.offices()) == nil:
		errs["location"] = "Choose one of the offices."
	case ef.Location == "" && ef.Kind == clinic.ExceptionOpen:
		errs["location"] = "Extra hours need an office."
	}
	if len(errs) == 0 {
		return e, nil
	}
	return e, errs
}

// exceptionHours reads the from and to times into e: both empty is the
// whole day, which only time off may be.
func (pp *providerPage) exceptionHours(e *clinic.AvailabilityException, errs clinic.FieldErrors) {
	from, to := pp.Exception.From, pp.Exception.To
	if from == "" && to == "" {
		if e.Kind == clinic.ExceptionOpen {
			errs["from"] = "Extra hours need a start and an end time."
		}
		return
	}
	var ok bool
	if e.Start, ok = parseHHMM(from); !ok {
		errs["from"] = "Enter a 24-hour time such as 09:00, or leave both times empty for the whole day."
	}
	if e.End, ok = parseHHMM(to); !ok {
		errs["to"] = "Enter a 24-hour time such as 17:30, or leave both times empty for the whole day."
	}
	if errs["from"] == "" && errs["to"] == "" && e.End <= e.Start {
		errs["to"] = "The end must come after the start."
	}
}

// addException adds time off or extra hours on one date.
func (s *Server) addException(w http.ResponseWriter, r *http.Request) error {
	return s.scheduleChange(w, r, "", func(pp *providerPage) (string, string, clinic.FieldErrors, error) {
		e, errs := pp.exception(r.PostForm)
		if errs != nil {
			return "", "", errs, nil
		}
		err := s.cfg.Schedule.AddException(r.Context(), e)
		return idRecord("exception", e.ID), pp.Doctor.Slug + " " + e.Kind + " " + e.Day, nil, err
	}, "schedule.exception_add")
}

// scheduleChange runs one change to a provider's schedule from a form:
// change reads the form (field errors come back in the form) and saves
// (the store's refusal comes back as the page's problem), returning the
// audit record and detail of what it saved.
func (s *Server) scheduleChange(w http.ResponseWriter, r *http.Request, field string, change func(*providerPage) (record, detail string, errs clinic.FieldErrors, err error), action string) error {
	if err := parseForm(r); err != nil {
		return err
	}
	pp, err := s.providerPage(r)
	if err != nil {
		return err
	}
	record, detail, errs, err := change(pp)
	switch {
	case errs != nil:
		pp.Problem, pp.Errors = "Nothing was saved. Please correct the fields marked below.", errs
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin-schedule-provider", pp)
	case clinic.ErrorKind(err) == clinic.EInvalid:
		pp.refuse(field, err)
		return s.renderAdmin(w, http.StatusUnprocessableEntity, "admin-schedule-provider", pp)
	case err != nil:
		return err
	}
	s.audit(r, sessionFrom(r.Context()), action, record, clinic.AuditOK, detail)
	http.Redirect(w, r, doneURL(providerURL(pp), "saved"), http.StatusSeeOther)
	return nil
}

// deleteException removes one of the provider's exceptions.
func (s *Server) deleteException(w http.ResponseWriter, r *http.Request) error {
	pp, err := s.providerPage(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return clinic.Errorf(clinic.ENotFound, "There is no such exception.")
	}
	if err := s.cfg.Schedule.DeleteException(r.Context(), pp.Doctor.Slug, id); err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "schedule.exception_delete", idRecord("exception", id), clinic.AuditOK, pp.Doctor.Slug)
	http.Redirect(w, r, doneURL(providerURL(pp), "deleted"), http.StatusSeeOther)
	return nil
}
