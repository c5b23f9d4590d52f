package web

import (
	"net/http"
	"strconv"
	"strings"

	"clinic"
)

// inboxRoutes are the care team's shared inbox of patients' messages.
func (s *Server) inboxRoutes() []adminRoute {
	m := clinic.PermMessages
	return []adminRoute{
		{"GET /admin/inbox", m, s.inbox},
		{"GET /admin/inbox/{id}", m, s.inboxThread},
		{"POST /admin/inbox/{id}", m, s.inboxReply},
		{"POST /admin/inbox/{id}/assign", m, s.inboxAssign},
	}
}

type inboxPage struct {
	adminPage
	Threads []*clinic.Thread
	Mine    bool
	Thread  *clinic.Thread
	Patient *clinic.Patient
	Body    string
}

// inbox lists open threads, urgent first; an audited read.
func (s *Server) inbox(w http.ResponseWriter, r *http.Request) error {
	sess := sessionFrom(r.Context())
	p := inboxPage{Mine: r.URL.Query().Get("mine") == "1"}
	var who int64
	if p.Mine {
		who = sess.UserID
	}
	if err := s.auditOrFail(r, sess, "message.inbox", "messages", clinic.AuditOK, ""); err != nil {
		return err
	}
	var err error
	if p.Threads, err = s.cfg.Messages.Inbox(r.Context(), who); err != nil {
		return err
	}
	if p.adminPage, err = s.adminBase(r, "Messages"); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-inbox", p)
}

// inboxThread shows a thread and its patient; an audited read.
func (s *Server) inboxThread(w http.ResponseWriter, r *http.Request) error {
	return s.inboxThreadForm(w, r, http.StatusOK, "", "")
}

func (s *Server) inboxThreadForm(w http.ResponseWriter, r *http.Request, status int, body, problem string) error {
	id, err := threadID(r)
	if err != nil {
		return err
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "message.read", idRecord("thread", id), clinic.AuditOK, ""); err != nil {
		return err
	}
	p := inboxPage{Body: body}
	if p.Thread, err = s.cfg.Messages.Thread(r.Context(), id, 0); err != nil {
		return err
	}
	if p.Patient, err = s.cfg.Patients.Patient(r.Context(), p.Thread.PatientID); err != nil {
		return err
	}
	if p.adminPage, err = s.adminBase(r, p.Thread.Subject); err != nil {
		return err
	}
	p.Problem = problem
	return s.renderAdmin(w, status, "admin-inbox-thread", p)
}

// inboxReply answers a patient, audited in the change's transaction; the
// patient gets an email that says only that there is a message.
func (s *Server) inboxReply(w http.ResponseWriter, r *http.Request) error {
	id, err := threadID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	sess := sessionFrom(r.Context())
	m := &clinic.Message{ThreadID: id, AuthorID: sess.UserID, Body: strings.TrimSpace(strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n"))}
	if errs := m.Validate("", false); errs != nil {
		return s.inboxThreadForm(w, r, http.StatusUnprocessableEntity, m.Body, errs["body"])
	}
	th, err := s.cfg.Messages.Thread(r.Context(), id, 0)
	if err != nil {
		return err
	}
	ctx, e := s.auditing(r, "message.reply", idRecord("thread", id), "")
	if err := s.audited(r, e, s.cfg.Messages.PostMessage(ctx, th.PatientID, m)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/inbox/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// inboxAssign gives a thread to the signed-in user, or to no one.
func (s *Server) inboxAssign(w http.ResponseWriter, r *http.Request) error {
	id, err := threadID(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	var who int64
	switch r.PostForm.Get("to") {
	case "me":
		who = sessionFrom(r.Context()).UserID
	case "":
	default:
		return clinic.Errorf(clinic.EInvalid, "Please take the conversation or let it go.")
	}
	ctx, e := s.auditing(r, "message.assign", idRecord("thread", id), strconv.FormatInt(who, 10))
	if err := s.audited(r, e, s.cfg.Messages.AssignThread(ctx, id, who)); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/inbox/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}
