package web

import (
	"encoding/json"
	"net/http"
	"time"

	"clinic"
)

// portalExport is everything the clinic holds about the signed-in
// patient, as one document: the right of access (45 CFR 164.524).
type portalExport struct {
	Exported     time.Time                        `json:"exported"`
	Patient      *clinic.Patient                  `json:"patient"`
	Merged       []*clinic.Patient                `json:"merged_records,omitempty"`
	Appointments []*clinic.Appointment            `json:"appointments"`
	Reviews      []*clinic.ReviewRequest          `json:"mri_reviews"`
	Findings     map[int64]*clinic.ReviewFindings `json:"mri_findings"`
	Responses    []*clinic.QuestionnaireResponse  `json:"questionnaire_responses"`
	Triage       []*clinic.TriageRecord           `json:"diagnose_my_pain"`
	Messages     []*clinic.ContactMessage         `json:"contact_messages"`
	Forms        []*clinic.FormSubmission         `json:"previsit_forms"`
	Threads      []*clinic.Thread                 `json:"portal_messages"`
	Guardians    []*clinic.GuardianGrant          `json:"family_access"`
}

// portalRecords reads the signed-in patient's chart for an export, and
// records the download in the audit log first.
func (s *Server) portalRecords(r *http.Request, format string) (*portalExport, error) {
	sess := portalSessionFrom(r.Context())
	if err := s.portalAudit(r, sess.AccountID, "portal.export", idRecord("patient", portalPatient(r.Context())), format); err != nil {
		return nil, err
	}
	c, err := s.cfg.Patients.PatientChart(r.Context(), portalPatient(r.Context()))
	if err != nil {
		return nil, err
	}
	e := &portalExport{Exported: s.now().UTC(), Patient: c.Patient, Merged: c.Merged, Appointments: c.Appointments,
		Reviews: c.Reviews, Findings: map[int64]*clinic.ReviewFindings{}, Responses: c.Responses, Triage: c.Triage, Messages: c.Messages}
	for id, f := range c.Findings {
		if !f.SentAt.IsZero() {
			e.Findings[id] = f
		}
	}
	for _, a := range e.Appointments {
		a.ClientAddr, a.IdempotencyKey = "", ""
	}
	if err := s.inClinicTime(r.Context(), e.Appointments); err != nil {
		return nil, err
	}
	for _, m := range e.Messages {
		m.ClientAddr = ""
	}
	return e, s.portalRecordsMore(r, e)
}

// portalRecordsMore adds what the portal itself holds: the forms sent,
// the conversations with the care team, and who was given access. Staff
// members' account numbers are the clinic's, and are left out; the
// names of those who answered stay, as the portal shows them.
func (s *Server) portalRecordsMore(r *http.Request, e *portalExport) error {
	ctx, id := r.Context(), portalPatient(r.Context())
	var err error
	if s.cfg.PreVisit != nil {
		if e.Forms, err = s.cfg.PreVisit.PatientForms(ctx, id); err != nil {
			return err
		}
		for _, f := range e.Forms {
			f.ReviewedBy, f.Reviewer = 0, ""
		}
	}
	if s.cfg.Guardians != nil {
		if e.Guardians, err = s.cfg.Guardians.PatientGuardians(ctx, id); err != nil {
			return err
		}
		for _, g := range e.Guardians {
			g.CreatedBy = 0
		}
	}
	return s.exportThreads(r, e)
}

func (s *Server) exportThreads(r *http.Request, e *portalExport) error {
	if s.cfg.Messages == nil {
		return nil
	}
	ctx, id := r.Context(), portalPatient(r.Context())
	ts, err := s.cfg.Messages.PatientThreads(ctx, id)
	if err != nil {
		return err
	}
	for _, t := range ts {
		th, err := s.cfg.Messages.Thread(ctx, t.ID, id)
		if err != nil {
			return err
		}
		th.AssignedTo, th.Assignee = 0, ""
		for _, m := range th.Messages {
			m.AuthorID = 0
		}
		e.Threads = append(e.Threads, th)
	}
	return nil
}

// portalExportJSON downloads the records as JSON.
func (s *Server) portalExportJSON(w http.ResponseWriter, r *http.Request) error {
	e, err := s.portalRecords(r, "json")
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="my-records.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(e)
}

type portalExportPage struct {
	basePage
	*portalExport
}

// portalExportHTML shows the records as a page to read or print.
func (s *Server) portalExportHTML(w http.ResponseWriter, r *http.Request) error {
	e, err := s.portalRecords(r, "html")
	if err != nil {
		return err
	}
	return s.renderPortal(w, r, http.StatusOK, "portal-records", "Your records", func(b basePage) any {
		return portalExportPage{basePage: b, portalExport: e}
	})
}
