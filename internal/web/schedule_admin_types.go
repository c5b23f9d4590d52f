package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"clinic"
)

type typesPage struct {
	adminPage
	Types      []typeForm
	Form       typeForm            // a new type
	Procedures []*clinic.Treatment // what a type may be, for outcome questionnaires
}

// typeForm is an appointment type as typed, with what the store said of
// it when it was refused.
type typeForm struct {
	Slug, Name, Description   string
	Minutes, Buffer, Position string
	Treatment                 string // the procedure it is, or ""
	Virtual, Active           bool
	Error                     string
	// Heading and Retired are the stored type's name and whether it is
	// inactive, whatever was typed.
	Heading string
	Retired bool
}

func typeFormOf(t *clinic.AppointmentType) typeForm {
	return typeForm{Slug: t.Slug, Name: t.Name, Description: t.Description,
		Minutes: strconv.Itoa(int(t.Duration / time.Minute)), Buffer: strconv.Itoa(int(t.Buffer / time.Minute)),
		Position: strconv.Itoa(t.Position), Treatment: t.Treatment, Virtual: t.Virtual, Active: t.Active, Heading: t.Name, Retired: !t.Active}
}

func typeFormFrom(f url.Values, slug string) typeForm {
	return typeForm{Slug: slug, Name: strings.TrimSpace(f.Get("name")), Description: strings.TrimSpace(f.Get("description")),
		Minutes: strings.TrimSpace(f.Get("minutes")), Buffer: strings.TrimSpace(f.Get("buffer")),
		Position: strings.TrimSpace(f.Get("position")), Treatment: f.Get("treatment"), Virtual: f.Get("virtual") != "", Active: f.Get("active") != ""}
}

// appointmentType reads the numbers of the form; the store checks the
// rest. An empty buffer or position is 0.
func (f typeForm) appointmentType() (*clinic.AppointmentType, error) {
	t := &clinic.AppointmentType{Slug: f.Slug, Name: f.Name, Description: f.Description, Virtual: f.Virtual, Active: f.Active, Treatment: f.Treatment}
	minutes, err := strconv.Atoi(f.Minutes)
	if err != nil {
		return nil, clinic.Errorf(clinic.EInvalid, "Enter how long the appointment lasts in minutes, such as 30.")
	}
	buffer, position := 0, 0
	if f.Buffer != "" {
		if buffer, err = strconv.Atoi(f.Buffer); err != nil {
			return nil, clinic.Errorf(clinic.EInvalid, "Enter the minutes kept free after it, such as 10, or 0.")
		}
	}
	if f.Position != "" {
		var ok bool
		if position, ok = atoiRange(f.Position, -100000, 100000); !ok {
			return nil, clinic.Errorf(clinic.EInvalid, "Enter the position in the list as a whole number, such as 3.")
		}
	}
	// Clamped so that the store refuses a wild number rather than see it
	// overflow.
	t.Duration = time.Duration(min(max(minutes, -1), 100000)) * time.Minute
	t.Buffer = time.Duration(min(max(buffer, -1), 100000)) * time.Minute
	t.Position = position
	return t, nil
}

// appointmentTypes lists every appointment type, retired ones too, each
// in a form of its own, and a form for a new one.
func (s *Server) appointmentTypes(w http.ResponseWriter, r *http.Request) error {
	return s.typesForm(w, r, http.StatusOK, typeForm{Active: true})
}

// typesForm renders the page; a refused form, new or not, keeps what was
// typed.
func (s *Server) typesForm(w http.ResponseWriter, r *http.Request, status int, refused typeForm) error {
	p, err := s.adminBase(r, "Appointment types")
	if err != nil {
		return err
	}
	ts, err := s.cfg.Schedule.AppointmentTypes(r.Context(), true)
	if err != nil {
		return err
	}
	tp := typesPage{adminPage: p, Form: typeForm{Active: true}}
	if tp.Procedures, err = s.procedures(r.Context()); err != nil {
		return err
	}
	for _, t := range ts {
		f := typeFormOf(t)
		if refused.Error != "" && t.Slug == refused.Slug && r.PathValue("slug") != "" {
			refused.Heading, refused.Retired = f.Heading, f.Retired
			f = refused
		}
		tp.Types = append(tp.Types, f)
	}
	if r.PathValue("slug") == "" {
		tp.Form = refused
	}
	if refused.Error != "" {
		tp.Problem = "Nothing was saved. " + refused.Error
	}
	return s.renderAdmin(w, status, "admin-types", tp)
}

// saveAppointmentType changes an appointment type. The length of
// appointments already booked stays as it was.
func (s *Server) saveAppointmentType(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	return s.storeType(w, r, typeFormFrom(r.PostForm, r.PathValue("slug")), false)
}

// createAppointmentType adds an appointment type; a short name already
// taken is refused rather than overwritten.
func (s *Server) createAppointmentType(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	return s.storeType(w, r, typeFormFrom(r.PostForm, strings.TrimSpace(r.PostForm.Get("slug"))), true)
}

// storeType saves the type of a form and audits it, or shows the form
// again with the reason it was refused.
func (s *Server) storeType(w http.ResponseWriter, r *http.Request, f typeForm, create bool) error {
	action, done := "appointment_type.update", "saved"
	if create {
		action, done = "appointment_type.create", "created"
	}
	t, err := f.appointmentType()
	if err == nil && t.Treatment != "" {
		if tr, terr := s.content.Treatment(r.Context(), t.Treatment); terr != nil || tr.IsCategory() {
			err = clinic.Errorf(clinic.EInvalid, "Choose the procedure from the list, or none.")
		}
	}
	if err == nil {
		err = s.cfg.Schedule.SaveAppointmentType(r.Context(), t, create)
	}
	switch clinic.ErrorKind(err) {
	case clinic.EInvalid:
		f.Error = clinic.ErrorMessage(err)
		return s.typesForm(w, r, http.StatusUnprocessableEntity, f)
	case clinic.EConflict:
		f.Error = clinic.ErrorMessage(err)
		return s.typesForm(w, r, http.StatusConflict, f)
	}
	if err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), action, "appointment_type:"+t.Slug, clinic.AuditOK,
		strconv.Itoa(int(t.Duration/time.Minute))+" min, active "+strconv.FormatBool(t.Active)+", procedure "+cmp.Or(t.Treatment, "none"))
	http.Redirect(w, r, doneURL("/admin/appointment-types", done), http.StatusSeeOther)
	return nil
}

// procedures are the treatments a visit type may be: every treatment but
// the categories that group them.
func (s *Server) procedures(ctx context.Context) ([]*clinic.Treatment, error) {
	all, err := s.content.Treatments(ctx)
	var out []*clinic.Treatment
	for _, t := range all {
		if !t.IsCategory() {
			out = append(out, t)
		}
	}
	return out, err
}
