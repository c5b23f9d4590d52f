package web

import (
	"net/http"
	"strings"

	"clinic"
)

// formRoutes are the pre-visit forms: a list and, per kind, the form and
// its sending. A kind is part of the route, not a value to fill in.
func (s *Server) formRoutes() []portalRoute {
	rs := []portalRoute{{"GET /portal/forms", s.needForms(s.portalForms)}}
	for _, k := range clinic.FormKinds {
		rs = append(rs, portalRoute{"GET /portal/forms/" + k, s.needForms(s.portalForm(k))},
			portalRoute{"POST /portal/forms/" + k, s.needForms(s.portalFormSubmit(k))})
	}
	return rs
}

// needForms refuses the forms while an admin has them off.
func (s *Server) needForms(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ps, err := s.portalOffers(r)
		if err != nil {
			return err
		}
		if !ps.Forms {
			return clinic.Errorf(clinic.ENotFound, "Forms are not offered in the portal at the moment. Please bring them to your visit.")
		}
		return h(w, r)
	}
}

type portalFormsPage struct {
	basePage
	Forms []formState
	Done  string
}

// formState is a kind of form and where the patient stands with it.
type formState struct {
	Kind, Title string
	Last        *clinic.FormSubmission // the latest sent, or nil
}

// portalForms lists the forms and which were sent.
func (s *Server) portalForms(w http.ResponseWriter, r *http.Request) error {
	fs, err := s.cfg.PreVisit.PatientForms(r.Context(), portalPatient(r.Context()))
	if err != nil {
		return err
	}
	p := portalFormsPage{Done: r.URL.Query().Get("sent")}
	for _, k := range clinic.FormKinds {
		st := formState{Kind: k, Title: clinic.FormTitle(k)}
		for _, f := range fs {
			if f.Kind == k {
				st.Last = f
				break
			}
		}
		p.Forms = append(p.Forms, st)
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-forms", "Forms before your visit", func(b basePage) any { p.basePage = b; return p })
}

type portalFormPage struct {
	basePage
	Kind, Title  string
	Answers      clinic.FormAnswers
	Errors       clinic.FieldErrors
	ContactWays  []string
	ConsentText  string
	Version      string
	CardsOn      bool // photos of the card can be received
	MaxCardMB    int
	ReadOnlyNote string
}

// portalForm shows a form filled in with what was last sent or, for
// contact details, with the record.
func (s *Server) portalForm(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		p := portalFormPage{Kind: kind}
		fs, err := s.cfg.PreVisit.PatientForms(r.Context(), portalPatient(r.Context()))
		if err != nil {
			return err
		}
		for _, f := range fs {
			if f.Kind == kind {
				p.Answers = f.Answers
				break
			}
		}
		if kind == clinic.FormContact && p.Answers == (clinic.FormAnswers{}) {
			pt, err := s.cfg.Patients.Patient(r.Context(), portalPatient(r.Context()))
			if err != nil {
				return err
			}
			p.Answers = clinic.FormAnswers{Phone: pt.Phone, Email: pt.Email, Address: pt.Address, PreferredContact: pt.PreferredContact}
		}
		p.Answers.CardFront, p.Answers.CardBack, p.Answers.Signature = nil, nil, ""
		return s.renderForm(w, r, http.StatusOK, p)
	}
}

func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, status int, p portalFormPage) error {
	p.Title, p.ContactWays, p.ConsentText, p.Version = clinic.FormTitle(p.Kind), clinic.ContactWays, clinic.ConsentText, clinic.ConsentVersion
	p.CardsOn, p.MaxCardMB = s.cfg.MRI.Blobs != nil, clinic.MaxCardPhoto>>20
	if !portalWhoFrom(r.Context()).Full {
		p.ReadOnlyNote = "You may look at this form but not send it."
	}
	return s.renderPortal(w, r, status, "portal-form", p.Title, func(b basePage) any { p.basePage = b; return p })
}

// portalFormSubmit stores a form the patient sent, new for staff to
// accept into the record. Bad answers are shown on the form; photos
// already stored for a refused form are removed.
func (s *Server) portalFormSubmit(kind string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		a, errs, err := s.readForm(r, kind)
		if err != nil {
			return err
		}
		if len(errs) == 0 {
			errs = a.Validate(kind)
		}
		if len(errs) > 0 {
			s.dropCards(r, &a)
			a.CardFront, a.CardBack, a.Signature = nil, nil, ""
			return s.renderForm(w, r, http.StatusUnprocessableEntity, portalFormPage{Kind: kind, Answers: a, Errors: errs})
		}
		if kind == clinic.FormConsent {
			a.SignedAt = s.now().UTC()
		}
		sess := portalSessionFrom(r.Context())
		f := &clinic.FormSubmission{PatientID: portalPatient(r.Context()), AccountID: sess.AccountID, Kind: kind, Answers: a}
		if err := s.cfg.PreVisit.SubmitForm(r.Context(), f); err != nil {
			s.dropCards(r, &a)
			return err
		}
		if err := s.portalAudit(r, sess.AccountID, "portal.form", idRecord("patient", f.PatientID), kind); err != nil {
			return err
		}
		http.Redirect(w, r, "/portal/forms?sent="+kind, http.StatusSeeOther)
		return nil
	}
}

// readForm reads a form's fields; the insurance form comes as multipart
// with the card's photos, streamed into the blob store.
func (s *Server) readForm(r *http.Request, kind string) (clinic.FormAnswers, clinic.FieldErrors, error) {
	var a clinic.FormAnswers
	var errs clinic.FieldErrors
	get := func(k string) string { return r.PostForm.Get(k) }
	if kind == clinic.FormInsurance && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		fields, e, err := s.readCardForm(r, &a)
		if err != nil {
			return a, nil, err
		}
		errs, get = e, func(k string) string { return fields[k] }
	} else if err := parseForm(r); err != nil {
		return a, nil, err
	}
	a = clinic.FormAnswers{Phone: get("phone"), Email: get("email"), Address: get("address"), PreferredContact: get("preferred_contact"),
		Carrier: get("carrier"), MemberID: get("member_id"), CardFront: a.CardFront, CardBack: a.CardBack,
		Medications: get("medications"), Allergies: get("allergies"), None: get("none") == "on",
		Signature: get("signature"), ConsentVersion: get("consent_version")}
	a.Normalize()
	return a, errs, nil
}
