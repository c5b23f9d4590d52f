package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"clinic"
	"clinic/internal/mail"
)

type portalMessagesPage struct {
	basePage
	Threads []*clinic.Thread
	Thread  *clinic.Thread
	Subject string
	Body    string
	Errors  clinic.FieldErrors
	Urgent  bool // the message just sent named an urgent sign
}

// portalMessages lists the patient's threads, with a form for a new one.
func (s *Server) portalMessages(w http.ResponseWriter, r *http.Request) error {
	return s.renderMessages(w, r, http.StatusOK, portalMessagesPage{Urgent: r.URL.Query().Get("sent") == "urgent"})
}

func (s *Server) renderMessages(w http.ResponseWriter, r *http.Request, status int, p portalMessagesPage) error {
	var err error
	if p.Threads, err = s.cfg.Messages.PatientThreads(r.Context(), portalPatient(r.Context())); err != nil {
		return err
	}
	return s.renderPortal(w, r, status, "portal-messages", "Messages", func(b basePage) any { p.basePage = b; return p })
}

// portalMessageStart starts a thread. Urgent signs in it bring the
// patient a warning to call or go to an emergency department.
func (s *Server) portalMessageStart(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	sess := portalSessionFrom(r.Context())
	p := portalMessagesPage{Subject: strings.TrimSpace(r.PostForm.Get("subject")), Body: strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n"))}
	m := &clinic.Message{Body: p.Body}
	if p.Errors = m.Validate(p.Subject, true); p.Errors != nil {
		return s.renderMessages(w, r, http.StatusUnprocessableEntity, p)
	}
	th := &clinic.Thread{PatientID: portalPatient(r.Context()), Subject: p.Subject}
	if err := s.cfg.Messages.StartThread(r.Context(), th, p.Body); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.message", idRecord("thread", th.ID), "new thread"); err != nil {
		return err
	}
	to := "/portal/messages/" + strconv.FormatInt(th.ID, 10)
	if th.Urgent {
		to += "?sent=urgent"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

func threadID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no such conversation.")
	}
	return id, nil
}

// portalThread shows one of the patient's threads; anyone else's is a
// 404, as if it did not exist.
func (s *Server) portalThread(w http.ResponseWriter, r *http.Request) error {
	return s.renderThread(w, r, http.StatusOK, portalMessagesPage{Urgent: r.URL.Query().Get("sent") == "urgent"})
}

func (s *Server) renderThread(w http.ResponseWriter, r *http.Request, status int, p portalMessagesPage) error {
	id, err := threadID(r)
	if err != nil {
		return err
	}
	if p.Thread, err = s.cfg.Messages.Thread(r.Context(), id, portalPatient(r.Context())); err != nil {
		return err
	}
	return s.renderPortal(w, r, status, "portal-thread", "Messages", func(b basePage) any { p.basePage = b; return p })
}

// portalThreadReply adds the patient's message to their thread.
func (s *Server) portalThreadReply(w http.ResponseWriter, r *http.Request) error {
	id, err := threadID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	sess := portalSessionFrom(r.Context())
	m := &clinic.Message{ThreadID: id, FromPatient: true, Body: strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n"))}
	if errs := m.Validate("", false); errs != nil {
		if _, err := s.cfg.Messages.Thread(r.Context(), id, portalPatient(r.Context())); err != nil {
			return err // another's thread stays a 404, whatever was sent
		}
		return s.renderThread(w, r, http.StatusUnprocessableEntity, portalMessagesPage{Body: m.Body, Errors: errs})
	}
	if err := s.cfg.Messages.PostMessage(r.Context(), portalPatient(r.Context()), m); err != nil {
		return err
	}
	if err := s.portalAudit(r, sess.AccountID, "portal.message", idRecord("thread", id), "reply"); err != nil {
		return err
	}
	to := "/portal/messages/" + strconv.FormatInt(id, 10)
	if clinic.UrgentSigns(m.Body) {
		to += "?sent=urgent"
	}
	http.Redirect(w, r, to, http.StatusSeeOther)
	return nil
}

// isMessageMail reports a notice of a new message from the care team.
func isMessageMail(kind string) bool { return strings.HasPrefix(kind, clinic.MailPortalMessage+":") }

// composeMessageMail tells a patient, when sent, that a message waits in
// the portal; it says nothing of the message.
func (s *Server) composeMessageMail(ctx context.Context, m *clinic.OutboxMessage) error {
	id, err := strconv.ParseInt(strings.TrimPrefix(m.Kind, clinic.MailPortalMessage+":"), 10, 64)
	if err != nil || s.cfg.Patients == nil {
		return mail.Unsendable(m.ID, "not a message notice we know")
	}
	p, err := s.cfg.Patients.Patient(ctx, id)
	if err != nil {
		return err
	}
	if p.Email == "" {
		return mail.Unsendable(m.ID, "the patient has no email address")
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	m.To, m.Subject = p.Email, "You have a new message from "+site.ClinicName
	m.Body = fmt.Sprintf("Dear %s,\n\nYour care team sent you a message. To read it, sign in to your patient portal:\n\n%s/portal/messages\n\n"+
		"Questions? Call us at %s.\n\n%s\n", p.Name, s.cfg.BaseURL, site.Phone, site.ClinicName)
	return nil
}
