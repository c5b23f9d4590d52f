package web

import (
	"net/http"
	"strings"
	"time"

	"clinic"
)

// inviteLife is how long a "create your portal access" link works.
const inviteLife = 30 * 24 * time.Hour

// Kinds of record an invitation names; the patient's email comes from it.
const (
	inviteAppointment = "appointment"
	inviteReview      = "review"
)

// portalInvite is the line of an email that invites the patient to the
// portal: a link signed when the email is written, naming the record the
// email is about and nothing of the patient, kept nowhere. Empty when
// the portal is not set up.
func (s *Server) portalInvite(kind string, id int64) string {
	if s.cfg.Portal == nil || len(s.cfg.LinkKey) == 0 {
		return ""
	}
	token := kind[:1] + s.signReview("portal invite "+kind, id, s.now().Add(inviteLife))
	return "See your appointments, forms and messages online: create your portal access at\n" +
		s.cfg.BaseURL + "/portal/start/" + token
}

// withInvite puts the invitation into a message's text, before its
// closing lines ("Questions? Call us ...").
func withInvite(body, invite string) string {
	if invite == "" {
		return body
	}
	if i := strings.LastIndex(body, "Questions? Call us"); i >= 0 {
		return body[:i] + invite + "\n\n" + body[i:]
	}
	return body + "\n" + invite + "\n"
}

// portalStart opens the sign-in page from an invitation, with the
// patient's email filled in; they ask for the emailed link from there.
// A link not ours, or expired, is a 404 that leads to the sign-in page.
func (s *Server) portalStart(w http.ResponseWriter, r *http.Request) error {
	email := s.inviteEmail(r, r.PathValue("token"))
	if email == "" {
		return clinic.Errorf(clinic.ENotFound, "This link has expired or is not one of ours. Please sign in with your email address at /portal/sign-in.")
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-sign-in", "Create your portal access", func(b basePage) any {
		return portalSignInPage{basePage: b, Email: email, Invited: true}
	})
}

// inviteEmail returns the email of the record an invitation names, or ""
// when the token is not a live one of ours.
func (s *Server) inviteEmail(r *http.Request, token string) string {
	if token == "" {
		return ""
	}
	kind := inviteAppointment
	if token[0] == inviteReview[0] {
		kind = inviteReview
	} else if token[0] != inviteAppointment[0] {
		return ""
	}
	id, ok := s.readReview("portal invite "+kind, token[1:])
	if !ok {
		return ""
	}
	switch kind {
	case inviteAppointment:
		if a, err := s.cfg.Booking.Appointment(r.Context(), id); err == nil {
			return a.Patient.Email
		}
	case inviteReview:
		if s.cfg.Reviews != nil {
			if q, err := s.cfg.Reviews.Review(r.Context(), id); err == nil {
				return q.Email
			}
		}
	}
	return ""
}
