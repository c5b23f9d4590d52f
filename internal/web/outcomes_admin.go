package web

import (
	"crypto/rand"
	"encoding/json"
	"net/http"
	"time"

	"clinic"
	"clinic/internal/fhir"
	"clinic/internal/intake"
	"clinic/internal/outcomes"
)

// outcomesRoutes are the back office's outcome pages: the figures in
// detail for staff, recomputing them (admins), and the FHIR export.
func (s *Server) outcomesRoutes() []adminRoute {
	return []adminRoute{
		{"GET /admin/outcomes", clinic.PermPatients, s.adminOutcomes},
		{"POST /admin/outcomes/recompute", clinic.PermSystem, s.recomputeOutcomes},
		{"GET /admin/outcomes/questionnaires.json", clinic.PermPatients, s.exportQuestionnaires},
		{"GET /admin/outcomes/responses.json", clinic.PermPatients, s.exportResponses},
	}
}

// statusCell is one figure's state for staff: why it is not published,
// or its number of patients.
type statusCell struct {
	Text  string
	Shown bool
}

type statusRow struct {
	Name  string
	Cells []statusCell
}

type statusTable struct {
	Instrument string
	Rows       []statusRow
}

type adminOutcomesPage struct {
	adminPage
	ComputedAt      time.Time
	Synthetic       bool
	Real, Generated int
	Tables          []statusTable
	Times           []string
}

func (s *Server) adminOutcomes(w http.ResponseWriter, r *http.Request) error {
	return s.adminOutcomesPage(w, r, "")
}

func (s *Server) adminOutcomesPage(w http.ResponseWriter, r *http.Request, flash string) error {
	ap, err := s.adminBase(r, "Outcomes")
	if err != nil {
		return err
	}
	if flash != "" {
		ap.Flash = flash
	}
	p := adminOutcomesPage{adminPage: ap}
	for tp := range outcomes.TimePoint(clinic.NumTimes) {
		p.Times = append(p.Times, tp.String())
	}
	if s.cfg.Outcomes != nil {
		if p.Real, p.Generated, err = s.cfg.Outcomes.CountResponses(r.Context()); err != nil {
			return err
		}
	}
	rep, at, err := s.storedReport(r.Context())
	if err != nil {
		return err
	}
	if rep != nil {
		p.ComputedAt, p.Synthetic, p.Tables = at, rep.Synthetic, statusTables(rep)
	}
	return s.renderAdmin(w, http.StatusOK, "admin-outcomes", p)
}

// statusTables show staff every figure's state: the number of patients
// of a published one, and whether one is held back as a small group or
// withheld against subtraction, which the public pages do not tell apart.
func statusTables(rep *outcomes.Report) []statusTable {
	var out []statusTable
	for _, in := range rep.Instruments {
		tb := statusTable{Instrument: in.Name}
		for _, sr := range rep.Series {
			if sr.Instrument != in.ID {
				continue
			}
			row := statusRow{Name: sr.Name}
			for _, pt := range sr.Points {
				c := statusCell{Text: pt.Status.String()}
				if pt.Status == outcomes.Shown {
					c = statusCell{Text: itoa64(int64(pt.N)) + " patients", Shown: true}
				}
				row.Cells = append(row.Cells, c)
			}
			tb.Rows = append(tb.Rows, row)
		}
		out = append(out, tb)
	}
	return out
}

// recomputeOutcomes computes the figures now, as a run of its own, and
// records who asked.
func (s *Server) recomputeOutcomes(w http.ResponseWriter, r *http.Request) error {
	key := "manual " + s.now().UTC().Format(time.RFC3339) + " " + rand.Text()[:8]
	ctx, e := s.auditing(r, "outcomes.recompute", "outcomes", key)
	_, err := s.RecomputeOutcomes(ctx, key)
	if err = s.audited(r, e, err); err != nil {
		return err
	}
	return s.adminOutcomesPage(w, r, "The outcome figures were computed again.")
}

// exportQuestionnaires writes the instruments as FHIR R4 Questionnaires.
func (s *Server) exportQuestionnaires(w http.ResponseWriter, r *http.Request) error {
	var res []any
	for _, in := range s.cfg.Instruments {
		if !in.Structural() {
			res = append(res, fhir.QuestionnaireOf(in, s.cfg.BaseURL))
		}
	}
	return writeFHIR(w, fhir.NewBundle(s.now(), s.cfg.BaseURL, res...), "questionnaires.json")
}

// exportResponses writes the responses as FHIR R4 QuestionnaireResponses:
// real ones, or with ?synthetic=1 the demo's. An audited read of health
// information, recorded before anything is sent.
func (s *Server) exportResponses(w http.ResponseWriter, r *http.Request) error {
	if s.cfg.Outcomes == nil {
		return clinic.Errorf(clinic.ENotFound, "There are no questionnaire responses.")
	}
	synthetic := r.URL.Query().Get("synthetic") == "1"
	detail := "real"
	if synthetic {
		detail = "synthetic"
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "responses.export", "questionnaire_responses", clinic.AuditOK, detail); err != nil {
		return err
	}
	rs, err := s.cfg.Outcomes.Responses(r.Context(), synthetic)
	if err != nil {
		return err
	}
	byID := map[string]*intake.Instrument{}
	for _, in := range s.cfg.Instruments {
		byID[in.ID] = in
	}
	res := make([]any, 0, len(rs))
	for _, q := range rs {
		if in, ok := byID[q.Instrument]; ok {
			res = append(res, fhir.ResponseOf(q, in, s.cfg.BaseURL))
		}
	}
	return writeFHIR(w, fhir.NewBundle(s.now(), s.cfg.BaseURL, res...), "responses.json")
}

func writeFHIR(w http.ResponseWriter, b fhir.Bundle, name string) error {
	w.Header().Set("Content-Type", "application/fhir+json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(b)
}
