package web

import (
	"context"
	"crypto/rand"
	"net/http"
	"net/url"
	"regexp"
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
	p := &pickedSlot{typ: typ, location: loc, doctor: docs[0], start: start.In(zone)}
	// The slots of the chosen time's day tell whether it is still open and
	// which times are closest if not.
	day := time.Date(p.start.Year(), p.start.Month(), p.start.Day(), 0, 0, 0, 0, zone)
	var ps *clinic.ProviderSchedule
	if p.slots, ps, err = s.providerSlots(ctx, zone, typ, p.doctor.Slug, loc.Slug, day.AddDate(0, 0, -3), day.AddDate(0, 0, 4)); err != nil {
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
	return detailsPage{Taken: true, JustTaken: ps.taken, Form: form}
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
		return s.detailsForm(w, r, http.StatusConflict, ps, unavailable(ps, clinic.PatientDetails{}))
	}
	return s.detailsForm(w, r, http.StatusOK, ps, detailsPage{})
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
	p := detailsPage{Key: f.Get("key"), Form: clinic.PatientDetails{Name: f.Get("name"), DateOfBirth: f.Get("dob"),
		Phone: f.Get("phone"), Email: f.Get("email"), Reason: f.Get("reason")}}
	p.Form.Normalize()
	if !formKey.MatchString(p.Key) {
		p.Key = "" // not one of ours: the booking goes ahead without one
	}
	if p.Errors = p.Form.Validate(s.now().In(s.zone(site))); p.Errors != nil {
		p.Problem = "Please correct the fields marked below."
		return s.detailsForm(w, r, http.StatusUnprocessableEntity, ps, p)
	}
	a := &clinic.Appointment{Type: ps.typ.Slug, Provider: ps.doctor.Slug, Location: ps.location.Slug,
		Start: ps.start, End: ps.start.Add(ps.typ.Duration), Buffer: ps.typ.Buffer, IdempotencyKey: p.Key, Patient: p.Form}
	if !ps.open {
		// Unless this very form booked it a moment ago.
		if prev, err := s.cfg.Booking.AppointmentByKey(ctx, p.Key); err == nil && prev.Start.Equal(ps.start) && prev.Provider == ps.doctor.Slug {
			return s.toManage(w, r, prev, "booked")
		}
		return s.detailsForm(w, r, http.StatusConflict, ps, unavailable(ps, p.Form))
	}
	a.ClientAddr = s.clientKey(r)
	if _, err := s.cfg.Booking.Book(ctx, a); err != nil {
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
	return s.toManage(w, r, a, "booked")
}
