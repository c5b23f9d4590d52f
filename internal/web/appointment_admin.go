package web

import (
	"context"
	"crypto/rand"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
)

func atoiRange(s string, lo, hi int) (int, bool) {
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= lo && n <= hi
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

// truncate cuts s to at most n characters.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

type appointmentPage struct {
	adminPage
	bookingOptions
	Row      calendarRow
	Triage   *triageView // the answers to Diagnose my pain kept with it, or nil
	Mail     []*clinic.OutboxMessage
	Statuses []string
	Start    string // datetime-local, for the move form
	Zone     string
	Back     string // the page it was opened from, where its forms return

	// Questionnaires are its questionnaires over time, or nil.
	Questionnaires *questionnairesView
	// Review is the MRI review it was booked from, or 0.
	Review int64
}

// appointment shows one appointment: the patient, its status, where it
// can move, and the messages about it. An audited PHI read.
func (s *Server) appointment(w http.ResponseWriter, r *http.Request) error {
	return s.appointmentForm(w, r, http.StatusOK, "")
}

func (s *Server) appointmentForm(w http.ResponseWriter, r *http.Request, status int, problem string) error {
	a, err := s.appointmentFor(r, "appointment.read")
	var other otherCalendar
	if errors.As(err, &other) && r.Method == http.MethodGet {
		return s.calendarGlassForm(w, r, http.StatusOK, string(other), "")
	} else if err != nil {
		return err
	}
	ctx := r.Context()
	ap, err := s.adminBase(r, "Appointment")
	if err != nil {
		return err
	}
	ap.Problem = problem
	zone := s.zone(ap.Site)
	a.Start, a.End = a.Start.In(zone), a.End.In(zone)
	p := appointmentPage{adminPage: ap, Statuses: clinic.ApptStatuses, Start: a.Start.Format(localLayout), Zone: zone.String(), Back: backOf(r)}
	if r.Method == http.MethodPost {
		p.Back = safeBack(r.PostForm.Get("back"))
	}
	if p.bookingOptions, err = s.staffOptions(ctx); err != nil {
		return err
	}
	p.Row = p.row(a)
	if s.cfg.Reviews != nil {
		if p.Review, err = s.cfg.Reviews.ReviewOfAppointment(ctx, a.ID); clinic.ErrorKind(err) == clinic.ENotFound {
			err = nil
		} else if err != nil {
			return err
		}
	}
	if p.Triage, err = s.appointmentTriage(r, a.ID); err != nil {
		return err
	}
	if p.Questionnaires, err = s.appointmentQuestionnaires(r, a.ID); err != nil {
		return err
	}
	if p.Mail, err = s.cfg.Booking.AppointmentMail(ctx, a.ID); err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-appointment", p)
}

// staffChange finishes a change to an appointment begun with auditing,
// made (err nil, its event written with it) or refused (recorded now), and
// answers it: back to the appointment's page, with the reason when it was
// refused.
func (s *Server) staffChange(w http.ResponseWriter, r *http.Request, id int64, e *clinic.AuditEvent, err error) error {
	if err = s.audited(r, e, err); err == nil {
		http.Redirect(w, r, afterChange(r.PostForm.Get("back"), id), http.StatusSeeOther)
		return nil
	}
	if k := clinic.ErrorKind(err); k == clinic.EConflict || k == clinic.EInvalid {
		status := http.StatusConflict
		if k == clinic.EInvalid {
			status = http.StatusUnprocessableEntity
		}
		return s.appointmentForm(w, r, status, clinic.ErrorMessage(err))
	}
	return err
}

// afterChange is where a change to appointment id leads: back to the
// back-office page it was made from (back), or to the appointment.
func afterChange(back string, id int64) string {
	if back = safeBack(back); back == "" {
		return doneURL("/admin/appointments/"+itoa64(id), "saved")
	}
	sep := "?"
	if strings.Contains(back, "?") {
		sep = "&"
	}
	return back + sep + "done=saved"
}

// backOf is the back-office page an appointment's page was opened from,
// for its forms to return to.
func backOf(r *http.Request) string { return safeBack(r.URL.Query().Get("back")) }

// safeBack is back when it is a back-office page of ours, else "".
func safeBack(back string) string {
	if strings.HasPrefix(back, "/admin/") && len(back) < 1000 {
		return safeNext(back)
	}
	return ""
}

// appointmentStatus marks an appointment confirmed, arrived, completed,
// no-show or cancelled.
func (s *Server) appointmentStatus(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.appointmentFor(r, "")
	if err != nil {
		return err
	}
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	status := r.PostForm.Get("status")
	ctx, e := s.auditing(r, "appointment.status", idRecord("appointment", a.ID), "status "+truncate(cleanParam(status), 20))
	err = tooEarlyFor(status, a, s.now(), s.zone(site))
	if err == nil && a.Type == clinic.BlockType && status != clinic.ApptCancelled {
		err = clinic.Errorf(clinic.EInvalid, "A block of time can only be removed.")
	}
	if err == nil {
		seq, _ := strconv.Atoi(r.PostForm.Get("seq"))
		_, err = s.cfg.Booking.SetStatus(ctx, a.ID, seq, status, r.PostForm.Get("reason"))
	}
	return s.staffChange(w, r, a.ID, e, err)
}

// tooEarlyFor refuses to mark an appointment arrived, completed or no-show
// before its day has come.
func tooEarlyFor(status string, a *clinic.Appointment, now time.Time, zone *time.Location) error {
	if status != clinic.ApptArrived && status != clinic.ApptCompleted && status != clinic.ApptNoShow {
		return nil
	}
	if now.Before(midnight(a.Start.In(zone))) {
		return clinic.Errorf(clinic.EInvalid, "An appointment can be marked arrived, completed or no-show on its day, not before.")
	}
	return nil
}

// appointmentMove gives an appointment a new time, clinician or office,
// through the same guard as every booking.
func (s *Server) appointmentMove(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.appointmentFor(r, "")
	if err != nil {
		return err
	}
	ctx := r.Context()
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	f := r.PostForm
	start, err := parseLocal(f.Get("start"), s.zone(site))
	detail := "to " + truncate(cleanParam(f.Get("provider")), 60) + " " + truncate(cleanParam(f.Get("location")), 60) + " " + truncate(cleanParam(f.Get("start")), 20)
	actx, e := s.auditing(r, "appointment.move", idRecord("appointment", a.ID), detail)
	if err == nil && start.Before(s.now()) {
		err = clinic.Errorf(clinic.EInvalid, "That time has passed.")
	}
	if err == nil {
		var o bookingOptions
		if o, err = s.bookingOptions(ctx); err == nil {
			err = o.place(f.Get("provider"), f.Get("location"))
		}
	}
	if err == nil {
		seq, _ := strconv.Atoi(f.Get("seq"))
		to := clinic.Move{Provider: f.Get("provider"), Location: f.Get("location"), Start: start, End: start.Add(a.End.Sub(a.Start)), Buffer: a.Buffer}
		_, err = s.cfg.Booking.Move(actx, a.ID, seq, to)
		if clinic.ErrorKind(err) == clinic.EConflict && clinic.ErrorMessage(err) == clinic.TimeTaken {
			moved := &clinic.Appointment{ID: a.ID, Provider: to.Provider, Start: to.Start, End: to.End, Buffer: to.Buffer}
			if clash, cerr := s.clashProblem(ctx, moved); cerr != nil {
				return cerr
			} else if clash != "" {
				err = clinic.Errorf(clinic.EConflict, "%s", strings.Replace(clash, "so nothing was booked", "so it was not moved", 1))
			}
		}
	}
	return s.staffChange(w, r, a.ID, e, err)
}

type newAppointmentPage struct {
	adminPage
	bookingOptions
	Type, Provider, Location, Start string
	Key                             string
	Form                            clinic.PatientDetails
	Zone                            string
	// Open are the clinician's open times for the visit at the office in
	// the week from Week, as links that fill in the time.
	Open                     []slotDay
	Week                     time.Time
	PrevWeekURL, NextWeekURL string
	// Outside asks whether to book outside the clinician's hours; the
	// form then has a box to tick for it.
	Outside string
}

// newAppointment is the form to book on a patient's behalf.
func (s *Server) newAppointment(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.newAppointmentForm(w, r, http.StatusOK, newAppointmentPage{Type: q.Get("type"), Provider: q.Get("provider"),
		Location: q.Get("location"), Start: q.Get("start")})
}

func (s *Server) newAppointmentForm(w http.ResponseWriter, r *http.Request, status int, p newAppointmentPage) error {
	ap, err := s.adminBase(r, "Book an appointment")
	if err != nil {
		return err
	}
	ap.Problem, ap.Errors = p.Problem, p.Errors
	p.adminPage = ap
	p.Zone = s.zone(ap.Site).String()
	if p.Key == "" {
		p.Key = rand.Text()
	}
	if p.bookingOptions, err = s.bookingOptions(r.Context()); err != nil {
		return err
	}
	if err := s.openTimesFor(r.Context(), &p, r.URL.Query().Get("week"), s.zone(ap.Site)); err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-appointment-new", p)
}

// createAppointment books for a patient at any time the clinician is free,
// open slot or not: the front desk may fit someone in, outside the
// clinician's hours once they have said so. A time another appointment
// holds is refused, naming it; the database's guard has the last word.
func (s *Server) createAppointment(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	f := r.PostForm
	p := newAppointmentPage{Type: f.Get("type"), Provider: f.Get("provider"), Location: f.Get("location"), Start: f.Get("start"), Key: f.Get("key"),
		Form: clinic.PatientDetails{Name: f.Get("name"), DateOfBirth: f.Get("dob"), Phone: f.Get("phone"), Email: f.Get("email"), Reason: f.Get("reason")}}
	a, err := s.staffBooking(ctx, &p)
	if err != nil {
		return err
	}
	if p.Errors != nil {
		p.Problem = "Please correct the fields marked below."
		return s.newAppointmentForm(w, r, http.StatusUnprocessableEntity, p)
	}
	if stop, err := s.deskChecks(ctx, &p, a, f.Get("extra") == "yes"); err != nil || stop {
		if err == nil {
			s.audit(r, sessionFrom(ctx), "appointment.create", "appointments", clinic.AuditRefused, clinic.EConflict)
			err = s.newAppointmentForm(w, r, http.StatusConflict, p)
		}
		return err
	}
	actx, e := s.auditing(r, "appointment.create", "appointment:", a.Provider+" "+p.Start)
	if _, err := s.cfg.Booking.Book(actx, a); s.audited(r, e, err) != nil {
		if k := clinic.ErrorKind(err); k != clinic.EConflict && k != clinic.EInvalid {
			return err
		}
		p.Problem = clinic.ErrorMessage(err)
		if clash, err := s.clashProblem(ctx, a); err != nil {
			return err
		} else if clash != "" && p.Problem == clinic.TimeTaken {
			p.Problem = clash
		}
		return s.newAppointmentForm(w, r, http.StatusConflict, p)
	}
	http.Redirect(w, r, doneURL("/admin/appointments/"+itoa64(a.ID), "created"), http.StatusSeeOther)
	return nil
}

// deskChecks asks what the front desk should know before a booking: an
// appointment in the way (which refuses it) or a time outside the
// clinician's hours (which asks, unless extra says they agreed). It
// reports whether to stop and show the form with the reason.
func (s *Server) deskChecks(ctx context.Context, p *newAppointmentPage, a *clinic.Appointment, extra bool) (bool, error) {
	clash, err := s.clashProblem(ctx, a)
	if err != nil || clash != "" {
		p.Problem = clash
		return clash != "", err
	}
	if extra {
		return false, nil
	}
	o := p.bookingOptions // as staffBooking read them
	p.Outside, err = s.outsideHours(ctx, a, o.row(a).Doctor, o, a.Start.Location())
	return p.Outside != "", err
}

// clashProblem names the appointments other than a itself in the way of
// a, or is "" when there are none.
func (s *Server) clashProblem(ctx context.Context, a *clinic.Appointment) (string, error) {
	as, err := s.cfg.Booking.ProviderAppointments(ctx, a.Provider, a.Start, a.End.Add(a.Buffer))
	as = slices.DeleteFunc(as, func(x *clinic.Appointment) bool { return a.ID != 0 && x.ID == a.ID })
	if err != nil || len(as) == 0 {
		return "", err
	}
	o, err := s.staffOptions(ctx)
	if err != nil {
		return "", err
	}
	return clashText(as, o.row(a).Doctor, o, a.Start.Location()), nil
}

// staffBooking checks the front desk's booking form, setting p.Errors, and
// returns the appointment it asks for when there are none.
func (s *Server) staffBooking(ctx context.Context, p *newAppointmentPage) (*clinic.Appointment, error) {
	p.Form.Normalize()
	site, err := s.content.Settings(ctx)
	if err != nil {
		return nil, err
	}
	zone := s.zone(site)
	p.Errors = p.Form.Validate(s.now().In(zone))
	if p.Form.Email == "" && p.Errors != nil {
		// Booked by phone, a patient may give no email; they get no mail.
		delete(p.Errors, "email")
	}
	typ, err := s.cfg.Schedule.AppointmentType(ctx, p.Type)
	if err != nil {
		p.Errors = merge(p.Errors, "type", "Choose a type of visit.")
	}
	start, err := parseLocal(p.Start, zone)
	switch {
	case err != nil:
		p.Errors = merge(p.Errors, "start", clinic.ErrorMessage(err))
	case start.Before(s.now()):
		p.Errors = merge(p.Errors, "start", "That time has passed.")
	}
	o, err := s.bookingOptions(ctx)
	if err != nil {
		return nil, err
	}
	p.bookingOptions = o
	if _, _, _, problem := o.resolve(bookChoice{Type: p.Type, Location: p.Location, Doctor: p.Provider}); problem != "" && p.Errors["type"] == "" {
		p.Errors = merge(p.Errors, "provider", problem)
	}
	if len(p.Errors) > 0 {
		return nil, nil
	}
	p.Errors = nil
	return &clinic.Appointment{Type: typ.Slug, Provider: p.Provider, Location: p.Location, Start: start, End: start.Add(typ.Duration),
		Buffer: typ.Buffer, IdempotencyKey: p.Key, Patient: p.Form}, nil
}

// merge adds a field error to errs, making errs if needed.
func merge(errs clinic.FieldErrors, field, msg string) clinic.FieldErrors {
	if errs == nil {
		errs = clinic.FieldErrors{}
	}
	errs[field] = msg
	return errs
}

// apptMinutes is how long an appointment was booked for, whatever its
// type says today.
func apptMinutes(a *clinic.Appointment) int { return int(a.End.Sub(a.Start) / time.Minute) }

// apptStatusName is a status as staff read it.
func apptStatusName(s string) string {
	return map[string]string{clinic.ApptBooked: "Booked", clinic.ApptConfirmed: "Confirmed", clinic.ApptArrived: "Arrived",
		clinic.ApptCompleted: "Completed", clinic.ApptNoShow: "No-show", clinic.ApptCancelled: "Cancelled"}[s]
}

// mailKindName is a kind of message as staff read it.
func mailKindName(k string) string {
	if n, ok := map[string]string{clinic.MailBooked: "Confirmation", clinic.MailMoved: "New time", clinic.MailCancelled: "Cancellation",
		clinic.MailReminder: "Reminder", clinic.MailOffer: "Waitlist offer"}[k]; ok {
		return n
	}
	return k
}
