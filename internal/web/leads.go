package web

import (
	"net/http"
	"strconv"

	"clinic"
)

const leadsPerPage = 50

type leadsPage struct {
	adminPage
	Leads    []*clinic.ContactMessage
	Status   string
	Total    int
	Page     int
	NextPage int
}

// leads lists contact messages. The list shows names, so reading it is a
// PHI access and is audited before anything is shown.
func (s *Server) leads(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Leads")
	if err != nil {
		return err
	}
	lp := leadsPage{adminPage: p, Status: r.URL.Query().Get("status"), Page: 1}
	if lp.Status != "" && !clinic.ValidLeadStatus(lp.Status) {
		return clinic.Errorf(clinic.EInvalid, "There is no such status.")
	}
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 && n < 100000 {
		lp.Page = n
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "lead.list", "leads", clinic.AuditOK, "page "+strconv.Itoa(lp.Page)); err != nil {
		return err
	}
	lp.Leads, lp.Total, err = s.cfg.Leads.ContactMessages(r.Context(), lp.Status, leadsPerPage, (lp.Page-1)*leadsPerPage)
	if err != nil {
		return err
	}
	if lp.Page*leadsPerPage < lp.Total {
		lp.NextPage = lp.Page + 1
	}
	return s.renderAdmin(w, http.StatusOK, "admin-leads", lp)
}

type leadPage struct {
	adminPage
	Lead  *clinic.ContactMessage
	Notes []*clinic.LeadNote
	Note  string
}

func leadID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no such message.")
	}
	return id, nil
}

// lead shows one message and its notes; an audited PHI read.
func (s *Server) lead(w http.ResponseWriter, r *http.Request) error {
	return s.leadForm(w, r, http.StatusOK, "", "")
}

func (s *Server) leadForm(w http.ResponseWriter, r *http.Request, status int, note, problem string) error {
	id, err := leadID(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	if err := s.auditOrFail(r, sessionFrom(ctx), "lead.read", idRecord("lead", id), clinic.AuditOK, ""); err != nil {
		return err
	}
	lp := leadPage{Note: note}
	if lp.Lead, err = s.cfg.Leads.ContactMessage(ctx, id); err != nil {
		return err
	}
	if lp.Notes, err = s.cfg.Leads.LeadNotes(ctx, id); err != nil {
		return err
	}
	if lp.adminPage, err = s.adminBase(r, "Message from the website"); err != nil {
		return err
	}
	if problem != "" {
		lp.Problem, lp.Errors = problem, clinic.FieldErrors{"note": problem}
	}
	return s.renderAdmin(w, status, "admin-lead", lp)
}

// leadUpdate sets the status and adds a note, either or both.
func (s *Server) leadUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	id, err := leadID(r)
	if err != nil {
		return err
	}
	record := idRecord("lead", id)
	if st := r.PostForm.Get("status"); st != "" {
		ctx, e := s.auditing(r, "lead.status", record, truncate(cleanParam(st), 20))
		if err := s.audited(r, e, s.cfg.Leads.SetLeadStatus(ctx, id, st)); err != nil {
			return err
		}
	}
	if text := r.PostForm.Get("note"); text != "" {
		ctx, e := s.auditing(r, "lead.note", record, "")
		n := &clinic.LeadNote{MessageID: id, AuthorID: sessionFrom(ctx).User.ID, Text: text}
		if err := s.audited(r, e, s.cfg.Leads.AddLeadNote(ctx, n)); err != nil {
			if clinic.ErrorKind(err) == clinic.EInvalid {
				return s.leadForm(w, r, http.StatusUnprocessableEntity, text, clinic.ErrorMessage(err))
			}
			return err
		}
	}
	http.Redirect(w, r, doneURL("/admin/leads/"+strconv.FormatInt(id, 10), "saved"), http.StatusSeeOther)
	return nil
}
