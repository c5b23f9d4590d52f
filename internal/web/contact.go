package web

import (
	"errors"
	"html/template"
	"net/http"

	"clinic"
	"clinic/internal/jsonld"
)

type contactPage struct {
	basePage
	Intro   template.HTML
	Form    clinic.ContactMessage
	Errors  clinic.FieldErrors
	Problem string // a message about the whole form
}

// contactForm renders the contact page with what the person typed and
// what is wrong with it.
func (s *Server) contactForm(w http.ResponseWriter, r *http.Request, status int, p contactPage) error {
	ctx := r.Context()
	pg, err := s.content.Page(ctx, "contact")
	if err != nil {
		return err
	}
	if p.Intro, err = s.md.HTML(pg.Body); err != nil {
		return err
	}
	if p.basePage, err = s.base(ctx, r, pg.Title, pg.Description, jsonld.Crumb{Name: pg.Title, Path: "/contact"}); err != nil {
		return err
	}
	if status != http.StatusOK {
		w.Header().Set("Cache-Control", "no-store")
	}
	return s.render(w, status, "contact", p)
}

func (s *Server) contact(w http.ResponseWriter, r *http.Request) error {
	return s.contactForm(w, r, http.StatusOK, contactPage{})
}

// contactSubmit stores a message. Bad input comes back in the form with
// what to fix; a stored message redirects to the thanks page, so that a
// reload does not send it twice and nothing of it lands in a URL.
func (s *Server) contactSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return clinic.Errorf(clinic.ETooLarge, "The message is too long to send. Please shorten it.")
		}
		return clinic.Errorf(clinic.EInvalid, "We could not read the form. Please try again.")
	}
	m := clinic.ContactMessage{
		Name: r.PostForm.Get("name"), Email: r.PostForm.Get("email"),
		Phone: r.PostForm.Get("phone"), Message: r.PostForm.Get("message"),
		ClientAddr: s.clientAddr(r),
	}
	m.Normalize()
	if r.PostForm.Get("website") != "" {
		// Only robots fill the hidden field; they get the same answer as
		// people, and nothing is stored.
		http.Redirect(w, r, "/contact/thanks", http.StatusSeeOther)
		return nil
	}
	if errs := m.Validate(); errs != nil {
		return s.contactForm(w, r, http.StatusUnprocessableEntity, contactPage{Form: m, Errors: errs, Problem: "Please correct the fields marked below."})
	}
	if err := s.intake.CreateContactMessage(r.Context(), &m, s.now()); err != nil {
		if clinic.ErrorKind(err) == clinic.ETooMany {
			return s.contactForm(w, r, http.StatusTooManyRequests, contactPage{Form: m, Problem: "We have received several messages from your connection in the last hour, so this one was not sent. Please call us instead, or try again later."})
		}
		return err
	}
	http.Redirect(w, r, "/contact/thanks", http.StatusSeeOther)
	return nil
}

func (s *Server) contactThanks(w http.ResponseWriter, r *http.Request) error {
	p, err := s.base(r.Context(), r, "Thank you for your message", "We received your message.")
	if err != nil {
		return err
	}
	p.NoIndex = true
	return s.render(w, http.StatusOK, "thanks", p)
}
