package web

import (
	"net/http"
	"time"

	"clinic"
	"clinic/internal/jsonld"
)

type waitlistPage struct {
	basePage
	Choice   bookChoice
	Type     *clinic.AppointmentType
	Location *clinic.Location
	Doctor   *clinic.Doctor
	Before   string // YYYY-MM-DD
	Form     clinic.PatientDetails
	Errors   clinic.FieldErrors
	Problem  string
	Joined   bool
}

// waitlistForm shows the form to ask for an earlier time with a clinician.
func (s *Server) waitlistForm(w http.ResponseWriter, r *http.Request, status int, p waitlistPage) error {
	ctx := r.Context()
	o, err := s.bookingOptions(ctx)
	if err != nil {
		return err
	}
	var docs []*clinic.Doctor
	var problem string
	p.Type, p.Location, docs, problem = o.resolve(p.Choice)
	if problem != "" {
		return clinic.Errorf(clinic.EInvalid, "Choose a type of visit and an office first.")
	}
	if p.Choice.Doctor != "" {
		p.Doctor = docs[0]
	}
	if p.basePage, err = s.base(ctx, r, "Join the waitlist", "Hear of an earlier time with a clinician.",
		jsonld.Crumb{Name: "Schedule an appointment", Path: "/appointments"}, jsonld.Crumb{Name: "Waitlist", Path: "/appointments/waitlist"}); err != nil {
		return err
	}
	p.NoIndex = true
	if p.Before == "" {
		p.Before = s.now().In(s.zone(p.Site)).AddDate(0, 0, 14).Format(time.DateOnly)
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "book-waitlist", p)
}

func (s *Server) waitlist(w http.ResponseWriter, r *http.Request) error {
	return s.waitlistForm(w, r, http.StatusOK, waitlistPage{Choice: choiceOf(r.URL.Query())})
}

// waitlistSubmit puts the patient on the clinician's waitlist. When a time
// before the date they gave is freed, it is held for them and they get an
// email.
func (s *Server) waitlistSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := r.PostForm
	p := waitlistPage{Choice: choiceOf(f), Before: f.Get("before"), Form: clinic.PatientDetails{Name: f.Get("name"),
		DateOfBirth: f.Get("dob"), Phone: f.Get("phone"), Email: f.Get("email")}}
	p.Form.Normalize()
	ctx := r.Context()
	o, err := s.bookingOptions(ctx)
	if err != nil {
		return err
	}
	if _, _, _, problem := o.resolve(p.Choice); problem != "" {
		return clinic.Errorf(clinic.EInvalid, "Choose a type of visit and an office first.")
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	zone := s.zone(site)
	p.Errors = p.Form.Validate(s.now().In(zone))
	before, err := time.ParseInLocation(time.DateOnly, p.Before, zone)
	today := midnight(s.now().In(zone))
	if err != nil || !before.After(today) || before.After(today.AddDate(0, 0, 7*bookingWeeks)) {
		p.Errors = merge(p.Errors, "before", "Choose a date from tomorrow to twelve weeks ahead.")
	}
	if p.Errors != nil {
		p.Problem = "Please correct the fields marked below."
		return s.waitlistForm(w, r, http.StatusUnprocessableEntity, p)
	}
	e := &clinic.WaitlistEntry{Provider: p.Choice.Doctor, Location: p.Choice.Location, Type: p.Choice.Type, Before: before, Patient: p.Form}
	release, err := s.takeWaitlistTurn(r)
	if err != nil {
		return err
	}
	if err := s.cfg.Waitlist.JoinWaitlist(ctx, e); err != nil {
		release()
		if clinic.ErrorKind(err) == clinic.EConflict {
			p.Problem = clinic.ErrorMessage(err)
			return s.waitlistForm(w, r, http.StatusConflict, p)
		}
		return err
	}
	http.Redirect(w, r, "/appointments/waitlist/joined", http.StatusSeeOther)
	return nil
}

func (s *Server) waitlistJoined(w http.ResponseWriter, r *http.Request) error {
	p, err := s.base(r.Context(), r, "You are on the waitlist", "You are on the waitlist.")
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.render(w, http.StatusOK, "book-waitlist-joined", p)
}

// confirmHold lets a patient take a time held for them from the waitlist.
func (s *Server) confirmHold(w http.ResponseWriter, r *http.Request) error {
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	a, err := s.cfg.Waitlist.ConfirmHold(s.patientChange(r, actorManage, "appointment.confirm", p.Appt.ID), p.Appt.ID, p.Appt.Sequence)
	if err != nil {
		return err
	}
	return s.toManage(w, r, a, "booked")
}

// takeWaitlistTurn counts a waitlist entry against the client's address,
// so that one address cannot crowd a clinician's waitlist; release
// uncounts one that was not stored.
func (s *Server) takeWaitlistTurn(r *http.Request) (release func(), err error) {
	keys := []clinic.ThrottleKey{{Key: "waitlist addr:" + s.clientKey(r), Limit: clinic.BookingFlood}}
	ids, limited, err := s.cfg.Staff.TakeAttempt(r.Context(), s.now(), keys...)
	if err != nil {
		return nil, err
	}
	if limited {
		return nil, clinic.Errorf(clinic.ETooMany, "Several requests were made from your connection in the last few minutes, so this one was not. Please call us, or try again later.")
	}
	return func() {
		if err := s.cfg.Staff.ForgetAttempt(r.Context(), ids); err != nil {
			s.log.ErrorContext(r.Context(), "forget waitlist attempt", "err", err)
		}
	}, nil
}
