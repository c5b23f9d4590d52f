package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"clinic"
)

// blockForm is the block-time form: its values, and the clinicians it
// offers, each with the time and office it starts at for them.
type blockForm struct {
	Choices                                    []blockChoice
	Provider, Location, Start, Minutes, Reason string
	// Why is what the cancellations of the appointments in the way say
	// (kept sealed, for staff).
	Why string
}

// newBlockForm starts the form at the clinician chosen, else the first
// shown, at their first hour.
func newBlockForm(choices []blockChoice, provider string, shown []*clinic.Doctor) blockForm {
	f := blockForm{Choices: choices, Minutes: "60"}
	if provider == "" && len(shown) > 0 {
		provider = shown[0].Slug
	}
	for i, c := range choices {
		if c.Doctor.Slug == provider || (i == 0 && provider == "") {
			f.Provider, f.Location, f.Start = c.Doctor.Slug, c.Location, c.Start
		}
	}
	return f
}

func blockFormOf(v url.Values) blockForm {
	return blockForm{Provider: v.Get("provider"), Location: v.Get("location"), Start: v.Get("start"),
		Minutes: v.Get("minutes"), Reason: v.Get("reason"), Why: v.Get("why")}
}

// query is the form's values as a link to the block page.
func (f blockForm) query() string {
	return url.Values{"provider": {f.Provider}, "location": {f.Location}, "start": {f.Start}, "minutes": {f.Minutes}, "reason": {f.Reason}}.Encode()
}

type blockPage struct {
	adminPage
	bookingOptions
	Form  blockForm
	InWay []calendarRow // the appointments in the block's way
	// Versions names InWay as seen, for the form that cancels them all.
	Versions string
	Back     string // this page, where the actions on InWay come back to
	Zone     string
}

// blockTimeForm is the block form alone, with the appointments in the
// way of the time it names, if any.
func (s *Server) blockTimeForm(w http.ResponseWriter, r *http.Request) error {
	f := blockFormOf(r.URL.Query())
	if f.Minutes == "" {
		f.Minutes = "60"
	}
	p, a, err := s.blockPageFor(r, f)
	if err != nil || a == nil {
		return s.renderBlock(w, r, http.StatusOK, p, err)
	}
	if err := s.inWay(r, &p, a); err != nil {
		return err
	}
	return s.renderBlock(w, r, http.StatusOK, p, nil)
}

// blockTime blocks time in a clinician's day, through the same guard as
// a booking. Appointments in the way are listed, each with its actions,
// and cancelled all at once on request (cancel=all) before the block is
// made.
func (s *Server) blockTime(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	p, a, err := s.blockPageFor(r, blockFormOf(r.PostForm))
	if err != nil || a == nil {
		if a == nil {
			s.audit(r, sessionFrom(r.Context()), "appointment.block", "appointments", clinic.AuditRefused, clinic.EInvalid)
		}
		return s.renderBlock(w, r, http.StatusUnprocessableEntity, p, err)
	}
	detail := a.Provider + " " + p.Form.Start + " " + p.Form.Minutes + " min"
	ctx, e := s.auditing(r, "appointment.block", "appointment:", detail)
	if r.PostForm.Get("cancel") == "all" {
		return s.blockOver(w, r, ctx, e, p, a)
	}
	if err := s.inWay(r, &p, a); err != nil || len(p.InWay) > 0 {
		p.Problem = inWayProblem(len(p.InWay))
		return s.blockRefused(w, r, e, p, err, clinic.Errorf(clinic.EConflict, "in the way"))
	}
	_, err = s.cfg.Booking.Book(ctx, a)
	if err = s.audited(r, e, err); clinic.ErrorKind(err) == clinic.EConflict {
		return s.blockRefused(w, r, nil, p, s.inWay(r, &p, a), nil)
	} else if err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/appointments/"+itoa64(a.ID), "saved"), http.StatusSeeOther)
	return nil
}

// blockOver cancels the appointments in the way, as listed, and makes
// the block.
func (s *Server) blockOver(w http.ResponseWriter, r *http.Request, ctx context.Context, e *clinic.AuditEvent, p blockPage, a *clinic.Appointment) error {
	versions, ok := parseVersions(r.PostForm.Get("inway"))
	why := strings.TrimSpace(p.Form.Why)
	switch {
	case !ok:
		p.Problem = "The list of appointments in the way could not be read. Here it is again."
		return s.blockRefused(w, r, e, p, s.inWay(r, &p, a), clinic.Errorf(clinic.EInvalid, "bad list"))
	case why == "" || utf8.RuneCountInString(why) > 400 || !utf8.ValidString(why):
		p.Errors = clinic.FieldErrors{"why": "Say, in at most 400 characters, why the appointments are cancelled."}
		return s.blockRefused(w, r, e, p, s.inWay(r, &p, a), clinic.Errorf(clinic.EInvalid, "no reason"))
	}
	cancelled, err := s.cfg.Booking.BlockOver(ctx, a, versions, why)
	if err = s.audited(r, e, err); clinic.ErrorKind(err) == clinic.EConflict {
		p.Problem = clinic.ErrorMessage(err)
		return s.blockRefused(w, r, nil, p, s.inWay(r, &p, a), nil)
	} else if err != nil {
		return err
	}
	done := "blocked"
	if len(cancelled) > 0 {
		done = "blocked-over"
	}
	day := a.Start.In(s.zone(p.Site)).Format(time.DateOnly)
	http.Redirect(w, r, "/admin/calendar?"+url.Values{"date": {day}, "provider": {a.Provider}, "done": {done}}.Encode(), http.StatusSeeOther)
	return nil
}

// blockRefused answers a block that was not made: the refusal audited
// (unless e is nil, when it was already), and the form with the
// appointments in the way. loadErr is an error of listing them.
func (s *Server) blockRefused(w http.ResponseWriter, r *http.Request, e *clinic.AuditEvent, p blockPage, loadErr, refusal error) error {
	if e != nil {
		s.audited(r, e, refusal)
	}
	if loadErr != nil {
		return loadErr
	}
	status := http.StatusConflict
	if p.Errors != nil || clinic.ErrorKind(refusal) == clinic.EInvalid {
		status = http.StatusUnprocessableEntity
	}
	return s.renderBlock(w, r, status, p, nil)
}

func inWayProblem(n int) string {
	if n == 1 {
		return "An appointment is in the way, so nothing was blocked. Move or cancel it, or cancel it and block the time at once."
	}
	return strconv.Itoa(n) + " appointments are in the way, so nothing was blocked. Move or cancel each, or cancel them all and block the time at once."
}

// blockPageFor reads the form into the page and, when it holds a block
// that can be made, returns it; a form to correct returns none and sets
// the page's errors.
func (s *Server) blockPageFor(r *http.Request, f blockForm) (blockPage, *clinic.Appointment, error) {
	ctx := r.Context()
	ap, err := s.adminBase(r, "Block time")
	if err != nil {
		return blockPage{}, nil, err
	}
	zone := s.zone(ap.Site)
	p := blockPage{adminPage: ap, Form: f, Zone: zone.String(), Back: "/admin/calendar/block?" + f.query()}
	if p.bookingOptions, err = s.staffOptions(ctx); err != nil {
		return p, nil, err
	}
	for _, d := range p.Doctors {
		p.Form.Choices = append(p.Form.Choices, blockChoice{Doctor: d})
	}
	if p.Form.Why == "" {
		p.Form.Why = "The clinician is not available."
	}
	a, errs := blockOf(f, zone, p.bookingOptions)
	if errs != nil {
		p.Errors, p.Problem = errs, "Please correct the fields marked below."
		return p, nil, nil
	}
	return p, a, nil
}

// blockOf reads the block-time form, or says per field what is wrong.
func blockOf(f blockForm, zone *time.Location, o bookingOptions) (*clinic.Appointment, clinic.FieldErrors) {
	var errs clinic.FieldErrors
	start, err := parseLocal(f.Start, zone)
	if err != nil {
		errs = merge(errs, "start", clinic.ErrorMessage(err))
	}
	minutes, ok := atoiRange(strings.TrimSpace(f.Minutes), 5, 12*60)
	if !ok || minutes%5 != 0 {
		errs = merge(errs, "minutes", "A block lasts from 5 minutes to 12 hours (720 minutes), in steps of 5 minutes.")
	}
	if err := o.place(f.Provider, f.Location); err != nil {
		errs = merge(errs, "provider", clinic.ErrorMessage(err))
	}
	if utf8.RuneCountInString(f.Reason) > 200 || !utf8.ValidString(f.Reason) || strings.ContainsRune(f.Reason, 0) {
		errs = merge(errs, "reason", "Please give the reason in at most 200 characters.")
	}
	if errs != nil {
		return nil, errs
	}
	return &clinic.Appointment{Type: clinic.BlockType, Provider: f.Provider, Location: f.Location, Start: start,
		End: start.Add(time.Duration(minutes) * time.Minute), Patient: clinic.PatientDetails{Reason: strings.TrimSpace(f.Reason)}}, nil
}

// inWay lists on the page the appointments in the way of block a. It
// names patients, so the read is audited when there are any.
func (s *Server) inWay(r *http.Request, p *blockPage, a *clinic.Appointment) error {
	as, err := s.cfg.Booking.ProviderAppointments(r.Context(), a.Provider, a.Start, a.End)
	if err != nil || len(as) == 0 {
		p.InWay, p.Versions = nil, ""
		return err
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "appointment.list", "appointments", clinic.AuditOK, "in the way of a block"); err != nil {
		return err
	}
	zone := s.zone(p.Site)
	var vs []string
	p.InWay = p.InWay[:0]
	for _, x := range as {
		x.Start, x.End = x.Start.In(zone), x.End.In(zone)
		p.InWay = append(p.InWay, p.row(x))
		vs = append(vs, itoa64(x.ID)+":"+strconv.Itoa(x.Sequence))
	}
	p.Versions = strings.Join(vs, ",")
	return nil
}

// maxInWay bounds the list a cancel-all form may carry.
const maxInWay = 500

// parseVersions reads "12:0,13:2", the appointments in the way as the
// form listed them: each an ID and the sequence seen. An empty list is
// none; anything else unreadable is refused.
func parseVersions(s string) ([]clinic.ApptVersion, bool) {
	if s == "" {
		return nil, true
	}
	parts := strings.Split(s, ",")
	if len(parts) > maxInWay {
		return nil, false
	}
	out := make([]clinic.ApptVersion, 0, len(parts))
	for _, part := range parts {
		id, seq, ok := strings.Cut(part, ":")
		n, err1 := strconv.ParseInt(id, 10, 64)
		q, err2 := strconv.Atoi(seq)
		if !ok || err1 != nil || err2 != nil || n <= 0 || q < 0 {
			return nil, false
		}
		out = append(out, clinic.ApptVersion{ID: n, Sequence: q})
	}
	return out, true
}

// renderBlock shows the block page; err is a failure to load it.
func (s *Server) renderBlock(w http.ResponseWriter, r *http.Request, status int, p blockPage, err error) error {
	if err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-block", p)
}

// blockFormView is what the block-form template draws.
type blockFormView struct {
	Form      blockForm
	Locations []*clinic.Location
	Errors    clinic.FieldErrors
	Zone      string
}

// BlockView is the page's block form, for templates.
func (p blockPage) BlockView() blockFormView {
	return blockFormView{Form: p.Form, Locations: p.Locations, Errors: p.Errors, Zone: p.Zone}
}

// BlockView is the calendar's block form, for templates.
func (p calendarPage) BlockView() blockFormView {
	return blockFormView{Form: p.Block, Locations: p.Locations, Zone: p.Zone}
}
