package web

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"clinic"
	"clinic/internal/jsonld"
)

// detailsPage is the last step: who the patient is, for the time chosen.
type detailsPage struct {
	basePage
	Choice   bookChoice
	Type     *clinic.AppointmentType
	Location *clinic.Location
	Doctor   *clinic.Doctor
	Start    time.Time
	Key      string // the idempotency key of this form
	Form     clinic.PatientDetails
	Errors   clinic.FieldErrors
	Problem  string
	// Taken is set when the time cannot be booked, and JustTaken when that
	// is because someone else booked it; Nearest are the open times
	// closest to it.
	Taken     bool
	JustTaken bool
	Reason    string // why the time is not available, when it is not the usual
	Nearest   []slotLink
	Zone      string
	// Already lists the patient's other bookings that this one may
	// repeat; the form asks before it books another.
	Already []alreadyBooked
	// Questionnaires is the box that asks for the outcome questionnaires
	// of the procedure booked; nil when the visit offers none. Consent is
	// whether the patient ticked it.
	Questionnaires *questionnaireBox
	Consent        bool
}

// alreadyBooked is a booking of the same patient, as the details form
// names it: no clinician or office, only what they booked and when.
type alreadyBooked struct {
	Type  string
	Start time.Time
}

// formKey is the shape of the idempotency keys our forms carry
// (rand.Text).
var formKey = regexp.MustCompile(`^[A-Z2-7]{16,64}$`)

// pickedSlot is a chosen time, checked against the open slots.
type pickedSlot struct {
	typ      *clinic.AppointmentType
	location *clinic.Location
	doctor   *clinic.Doctor
	start    time.Time
	open     bool // the time is still open
	taken    bool // another appointment holds it
	past     bool // the time has come or gone
	slots    []openSlot
}

// pickSlot reads the choice and the start time from v and checks that it
// is an open time of that doctor.
func (s *Server) pickSlot(ctx context.Context, v url.Values, zone *time.Location) (*pickedSlot, error) {
	c := choiceOf(v)
	o, err := s.bookingOptions(ctx)
	if err != nil {
		return nil, err
	}
	typ, loc, docs, problem := o.resolve(c)
	if problem != "" || c.Doctor == "" {
		return nil, clinic.Errorf(clinic.EInvalid, "This booking link is incomplete. Please choose a time again.")
	}
	start, err := time.Parse(time.RFC3339, v.Get("start"))
	if err != nil {
		return nil, clinic.Errorf(clinic.EInvalid, "This booking link has no time we can read. Please choose a time again.")
	}
	p := &pickedSlot{typ: typ, location: loc, doctor: docs[0], start: start.In(zone), past: !start.After(s.now())}
	// The slots of the days around the chosen time tell whether it is
	// still open and which times are closest if not; for a time gone by,
	// the days from today.
	from, to := midnight(p.start).AddDate(0, 0, -3), midnight(p.start).AddDate(0, 0, 4)
	if today := midnight(s.now().In(zone)); from.Before(today) {
		from, to = today, latest(to, today.AddDate(0, 0, 7))
	}
	var ps *clinic.ProviderSchedule
	if p.slots, ps, err = s.providerSlots(ctx, zone, typ, p.doctor.Slug, loc.Slug, from, to); err != nil {
		return nil, err
	}
	for _, sl := range p.slots {
		p.open = p.open || sl.Start.Equal(start)
	}
	want := &clinic.Appointment{Start: start, End: start.Add(typ.Duration), Buffer: typ.Buffer}
	for _, b := range ps.Booked {
		p.taken = p.taken || (!p.open && b.Overlaps(want))
	}
	return p, nil
}

// unavailable is the page for a time that cannot be booked, with the
// nearest open times.
func unavailable(ps *pickedSlot, form clinic.PatientDetails) detailsPage {
	p := detailsPage{Taken: true, JustTaken: ps.taken, Form: form}
	if ps.past {
		p.JustTaken = false
		p.Reason = clockLabel(ps.start) + " on " + ps.start.Format("Monday, January 2, 2006") + " has passed, so it cannot be booked. The open times below are from today."
	}
	return p
}

func (s *Server) detailsForm(w http.ResponseWriter, r *http.Request, status int, ps *pickedSlot, p detailsPage) error {
	var err error
	if p.basePage, err = s.base(r.Context(), r, "Your details", "Book an appointment: your details.",
		jsonld.Crumb{Name: "Schedule an appointment", Path: "/appointments"}, jsonld.Crumb{Name: "Your details", Path: "/appointments/details"}); err != nil {
		return err
	}
	p.NoIndex = true
	p.Choice = bookChoice{Type: ps.typ.Slug, Location: ps.location.Slug, Doctor: ps.doctor.Slug}
	p.Type, p.Location, p.Doctor, p.Start = ps.typ, ps.location, ps.doctor, ps.start
	p.Zone = ps.start.Location().String()
	if p.Key == "" {
		p.Key = rand.Text()
	}
	if p.Taken {
		p.Nearest = flatten(s.slotDays(nearest(ps.slots, ps.start, 6), p.Choice, []*clinic.Doctor{ps.doctor}, ps.start.Location()))
	} else if procedure, err := s.offeredProcedure(r.Context(), ps.typ); err != nil {
		return err
	} else if procedure != "" {
		p.Questionnaires = &questionnaireBox{Label: clinic.QuestionnaireConsentLabel, Note: clinic.QuestionnaireConsentNote, Checked: p.Consent}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, "book-details", p)
}

func flatten(days []slotDay) []slotLink {
	var out []slotLink
	for _, d := range days {
		out = append(out, d.Slots...)
	}
	return out
}

// bookingDetails shows the form for the patient's details, or, when the
// time has gone meanwhile, the nearest open times.
func (s *Server) bookingDetails(w http.ResponseWriter, r *http.Request) error {
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	ps, err := s.pickSlot(r.Context(), r.URL.Query(), s.zone(site))
	if err != nil {
		return err
	}
	if !ps.open {
		if a := s.bookedHere(r, ps); a != nil {
			return s.toManage(w, r, a, "yours")
		}
		return s.detailsForm(w, r, http.StatusConflict, ps, unavailable(ps, clinic.PatientDetails{}))
	}
	return s.detailsForm(w, r, http.StatusOK, ps, detailsPage{})
}

// alreadyBooked lists the patient's bookings (same email and date of
// birth) that a new one at ps may repeat: another on the same day, or an
// upcoming one of the same type of visit.
func (s *Server) alreadyBooked(ctx context.Context, p clinic.PatientDetails, ps *pickedSlot) ([]alreadyBooked, error) {
	zone := ps.start.Location()
	as, err := s.cfg.Booking.PatientBookings(ctx, p, midnight(s.now().In(zone)))
	if err != nil {
		return nil, err
	}
	var out []alreadyBooked
	for _, a := range as {
		start := a.Start.In(zone)
		if midnight(start).Equal(midnight(ps.start)) || (a.Type == ps.typ.Slug && start.After(s.now())) {
			name := a.Type
			if t, err := s.cfg.Schedule.AppointmentType(ctx, a.Type); err == nil {
				name = t.Name
			}
			out = append(out, alreadyBooked{Type: name, Start: start})
		}
	}
	return out, nil
}

// bookedCookie remembers, in the browser that made them, the manage links
// of its last few bookings, so that a patient who goes back to a time they
// booked sees their appointment rather than "taken". It is as private as
// the links in the patient's email, and lives a day.
const (
	bookedCookie = "clinic_booked"
	bookedKeep   = 5
)

// rememberBooking adds a's manage link to the browser's bookedCookie.
func (s *Server) rememberBooking(w http.ResponseWriter, r *http.Request, a *clinic.Appointment) {
	tokens := []string{strings.TrimPrefix(s.manageLink(a), "/appointments/manage/")}
	if c, err := r.Cookie(bookedCookie); err == nil {
		for _, t := range strings.Split(c.Value, "~") {
			if len(tokens) < bookedKeep && t != tokens[0] && len(t) < 200 {
				tokens = append(tokens, t)
			}
		}
	}
	http.SetCookie(w, &http.Cookie{Name: bookedCookie, Value: strings.Join(tokens, "~"), Path: "/appointments",
		MaxAge: 24 * 60 * 60, HttpOnly: true, Secure: strings.HasPrefix(s.cfg.BaseURL, "https://"), SameSite: http.SameSiteLaxMode})
}

// bookedHere returns the appointment this browser booked at the picked
// time, if it did and it still stands there.
func (s *Server) bookedHere(r *http.Request, ps *pickedSlot) *clinic.Appointment {
	c, err := r.Cookie(bookedCookie)
	if err != nil {
		return nil
	}
	for _, t := range strings.SplitN(c.Value, "~", bookedKeep+1) {
		tok, err := s.readManageToken(t)
		if err != nil {
			continue
		}
		a, err := s.cfg.Booking.Appointment(r.Context(), tok.ID)
		if err == nil && a.Sequence == tok.Seq && clinic.Active(a.Status) && a.Start.Equal(ps.start) && a.Provider == ps.doctor.Slug {
			return a
		}
	}
	return nil
}

// readDetails reads and checks the details form: the patient's details
// and, when the visit offers them, the questionnaires box. It returns the
// procedure the box is about, or "" when there is none.
func (s *Server) readDetails(ctx context.Context, f url.Values, ps *pickedSlot, today time.Time) (detailsPage, string, error) {
	p := detailsPage{Key: f.Get("key"), Form: clinic.PatientDetails{Name: f.Get("name"), DateOfBirth: f.Get("dob"),
		Phone: f.Get("phone"), Email: f.Get("email"), Reason: f.Get("reason")}}
	p.Form.Normalize()
	if !formKey.MatchString(p.Key) {
		p.Key = "" // not one of ours: the booking goes ahead without one
	}
	p.Errors = p.Form.Validate(today)
	procedure, err := s.offeredProcedure(ctx, ps.typ)
	if procedure == "" || err != nil {
		return p, "", err
	}
	var problem string
	if p.Consent, problem = readQuestionnaireBox(f); problem != "" {
		if p.Errors == nil {
			p.Errors = clinic.FieldErrors{}
		}
		p.Errors[questionnaireField] = problem
	}
	return p, procedure, nil
}

// bookingSubmit books the time. The store's guard decides between
// patients who press the button at once; the losers see the nearest open
// times. A repeated submit of one form books once.
func (s *Server) bookingSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	ps, err := s.pickSlot(ctx, r.PostForm, s.zone(site))
	if err != nil {
		return err
	}
	f := r.PostForm
	p, procedure, err := s.readDetails(ctx, f, ps, s.now().In(s.zone(site)))
	if err != nil {
		return err
	}
	if p.Errors != nil {
		p.Problem = "Please correct the fields marked below."
		return s.detailsForm(w, r, http.StatusUnprocessableEntity, ps, p)
	}
	a := &clinic.Appointment{Type: ps.typ.Slug, Provider: ps.doctor.Slug, Location: ps.location.Slug,
		Start: ps.start, End: ps.start.Add(ps.typ.Duration), Buffer: ps.typ.Buffer, IdempotencyKey: p.Key, Patient: p.Form}
	if !ps.open {
		// Unless this very form, or this browser, booked it a moment ago.
		if prev, err := s.cfg.Booking.AppointmentByKey(ctx, p.Key); err == nil && prev.Start.Equal(ps.start) && prev.Provider == ps.doctor.Slug {
			return s.toManage(w, r, prev, "booked")
		}
		if a := s.bookedHere(r, ps); a != nil {
			return s.toManage(w, r, a, "yours")
		}
		return s.detailsForm(w, r, http.StatusConflict, ps, unavailable(ps, p.Form))
	}
	if f.Get("again") != "yes" {
		if p.Already, err = s.alreadyBooked(ctx, p.Form, ps); err != nil {
			return err
		} else if len(p.Already) > 0 {
			return s.detailsForm(w, r, http.StatusConflict, ps, p)
		}
	}
	a.ClientAddr = s.clientKey(r)
	if _, err := s.cfg.Booking.Book(s.patientChange(r, actorOnline, "appointment.create", 0), a); err != nil {
		if clinic.ErrorKind(err) == clinic.EConflict {
			ps.taken = clinic.ErrorMessage(err) == clinic.TimeTaken
			page := unavailable(ps, p.Form)
			if !ps.taken {
				page.Reason = clinic.ErrorMessage(err) // a full day, a form used twice
			}
			return s.detailsForm(w, r, http.StatusConflict, ps, page)
		}
		return err
	}
	if p.Consent {
		s.startQuestionnairesOnline(r, a, procedure)
	}
	s.rememberBooking(w, r, a)
	s.attachAnswers(w, r, a)
	s.attachReview(w, r, a)
	return s.toManage(w, r, a, "booked")
}
