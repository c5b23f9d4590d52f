package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
	"clinic/internal/jsonld"
)

// manageLife is how long after an appointment starts its manage link
// keeps working.
const manageLife = 24 * time.Hour

// manageToken is what a manage link names: one version of one
// appointment, until a time.
type manageToken struct {
	ID      int64
	Seq     int
	Expires time.Time
}

// manageLink signs a link to manage appointment a as it is now.
func (s *Server) manageLink(a *clinic.Appointment) string {
	return "/appointments/manage/" + s.signLink("appointment link", a.Start.Add(manageLife), uint64(a.ID), uint64(a.Sequence))
}

// readManageToken checks a token's signature and reads it.
func (s *Server) readManageToken(token string) (manageToken, error) {
	nums, expires, ok := s.readLink("appointment link", token, 2)
	if !ok {
		return manageToken{}, clinic.Errorf(clinic.ENotFound, "This link is not one we sent. Please use the link in your latest email, or call us.")
	}
	return manageToken{ID: int64(nums[0]), Seq: int(nums[1]), Expires: expires}, nil
}

// toManage sends the patient to the manage page of a, saying what just
// happened.
func (s *Server) toManage(w http.ResponseWriter, r *http.Request, a *clinic.Appointment, done string) error {
	http.Redirect(w, r, s.manageLink(a)+"?done="+done, http.StatusSeeOther)
	return nil
}

// apptView is an appointment with what a patient reads about it.
type apptView struct {
	Appt     *clinic.Appointment // times in the clinic's zone
	Type     *clinic.AppointmentType
	Doctor   *clinic.Doctor
	Location *clinic.Location
	Link     string // the manage link of this version
	Zone     string
}

// describe loads what a patient reads about appointment a.
func (s *Server) describe(ctx context.Context, a *clinic.Appointment, site *clinic.Settings) (*apptView, error) {
	zone := s.zone(site)
	a.Start, a.End = a.Start.In(zone), a.End.In(zone)
	v := &apptView{Appt: a, Zone: zone.String(), Link: s.manageLink(a)}
	var err error
	if v.Type, err = s.cfg.Schedule.AppointmentType(ctx, a.Type); err != nil {
		return nil, err
	}
	if v.Doctor, err = s.content.Doctor(ctx, a.Provider); err != nil {
		return nil, err
	}
	v.Location, err = s.content.Location(ctx, a.Location)
	return v, err
}

type managePage struct {
	basePage
	*apptView
	Done    string // booked, moved, cancelled, taken
	Reason  string // what the patient wrote about a change they are asked to confirm
	Problem string
	// Stale is set when the link is for an earlier version of the
	// appointment: it was moved or cancelled since. A stale page has no
	// apptView.
	Stale bool
	Past  bool // the appointment has begun or ended: no changes online
	// Questionnaires is the appointment's outcome questionnaires, on the
	// manage page only; nil when it has none.
	Questionnaires *manageQuestionnaires
}

// managed loads the appointment a manage link names and the page about it.
func (s *Server) managed(r *http.Request) (*managePage, error) {
	tok, err := s.readManageToken(r.PathValue("token"))
	if err != nil {
		return nil, err
	}
	if s.now().After(tok.Expires) {
		return nil, clinic.Errorf(clinic.EGone, "This link has expired. To change an appointment, please call us.")
	}
	ctx := r.Context()
	a, err := s.cfg.Booking.Appointment(ctx, tok.ID)
	if err != nil || a.Type == clinic.BlockType {
		return nil, clinic.Errorf(clinic.ENotFound, "This link is not one we sent. Please use the link in your latest email, or call us.")
	}
	p := &managePage{Stale: a.Sequence != tok.Seq, Done: r.URL.Query().Get("done")}
	if p.basePage, err = s.base(ctx, r, "Your appointment", "Your appointment at the clinic.",
		jsonld.Crumb{Name: "Schedule an appointment", Path: "/appointments"}, jsonld.Crumb{Name: "Your appointment", Path: r.URL.Path}); err != nil {
		return nil, err
	}
	p.NoIndex, p.Canonical = true, ""
	if p.Stale {
		// An old link tells nothing of the appointment as it is now: the
		// newest email does, to whoever holds it.
		return p, nil
	}
	p.Past = !s.now().Before(a.Start) || (a.Status != clinic.ApptBooked && a.Status != clinic.ApptConfirmed)
	p.apptView, err = s.describe(ctx, a, p.Site)
	return p, err
}

// manageAppointment shows a patient their appointment, with what they
// can do with it.
func (s *Server) manageAppointment(w http.ResponseWriter, r *http.Request) error {
	p, err := s.managed(r)
	if err != nil {
		return err
	}
	if !p.Stale {
		if p.Questionnaires, err = s.appointmentPlan(r.Context(), p.Appt.ID); err != nil {
			return err
		}
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, http.StatusOK, "book-manage", p)
}

// actionable loads a manage link's appointment for a change, refusing a
// stale link or one whose appointment has begun.
func (s *Server) actionable(r *http.Request) (*managePage, error) {
	p, err := s.managed(r)
	switch {
	case err != nil:
		return nil, err
	case p.Stale:
		return nil, clinic.Errorf(clinic.EConflict, "This link is for an earlier version of your appointment, which has changed since. Please use the link in your latest email.")
	case p.Past:
		return nil, clinic.Errorf(clinic.EConflict, "This appointment can no longer be changed online. Please call us.")
	}
	return p, nil
}

// cancelAppointment cancels the appointment of a manage link once the
// patient has confirmed it on the page that asks first (GET, or a POST
// without confirm=yes); a reason they give is kept sealed with it.
func (s *Server) cancelAppointment(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, err := s.actionable(r)
	if err != nil {
		return err
	}
	p.Reason = r.PostForm.Get("reason")
	if r.Method != http.MethodPost || r.PostForm.Get("confirm") != "yes" {
		return s.renderAsk(w, http.StatusOK, "book-cancel", p)
	}
	if p.Problem = checkReason(p.Reason); p.Problem != "" {
		return s.renderAsk(w, http.StatusUnprocessableEntity, "book-cancel", p)
	}
	why := "Cancelled by the patient online."
	if !p.Appt.HeldUntil.IsZero() {
		why = "Let go by the patient online."
	}
	a, err := s.cfg.Booking.SetStatus(s.patientChange(r, actorManage, "appointment.cancel", p.Appt.ID), p.Appt.ID, p.Appt.Sequence, clinic.ApptCancelled, withReason(why, p.Reason))
	if err != nil {
		return err
	}
	return s.toManage(w, r, a, "cancelled")
}

// renderAsk shows a page that asks a patient to confirm a change.
func (s *Server) renderAsk(w http.ResponseWriter, status int, page string, p *managePage) error {
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, status, page, p)
}

// maxPatientReason bounds what a patient may write about a change; the
// store keeps 500 characters with our words before them.
const maxPatientReason = 400

// checkReason says what is wrong with a patient's reason for a change.
func checkReason(reason string) string {
	switch {
	case !utf8.ValidString(reason) || strings.ContainsRune(reason, 0):
		return "Your note holds characters we cannot read. Please type it again."
	case utf8.RuneCountInString(strings.TrimSpace(reason)) > maxPatientReason:
		return fmt.Sprintf("Please shorten your note to at most %d characters.", maxPatientReason)
	}
	return ""
}

// withReason is our note on a change followed by the patient's reason.
func withReason(ours, theirs string) string {
	if theirs = strings.TrimSpace(strings.ReplaceAll(theirs, "\r\n", "\n")); theirs == "" {
		return ours
	}
	return ours + " Their reason: " + theirs
}
