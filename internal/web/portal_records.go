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
	return e, nil
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
