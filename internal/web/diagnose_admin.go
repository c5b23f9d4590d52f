package web

import (
	"net/http"
	"slices"
	"time"

	"clinic"
	"clinic/internal/intake"
)

// triageView is what staff read of the answers kept with an appointment.
type triageView struct {
	Urgency      string
	Reasons      []intake.Reason
	Notes        []string
	Summary      []intake.Line
	Treatments   []string // slugs of the treatments commonly considered
	Contraindic  []string // the notes of contraindications that apply
	CreatedAt    time.Time
	Unreadable   bool // kept by an older version of the check: shown as given
	Raw          map[string][]string
	AppointmentN int64
}

// appointmentTriage reads the answers kept with appointment id, if any,
// for its staff page: an audited read of health information, written
// before anything of it is shown.
func (s *Server) appointmentTriage(r *http.Request, id int64) (*triageView, error) {
	if s.cfg.Triage == nil {
		return nil, nil
	}
	rec, err := s.cfg.Triage.AppointmentTriage(r.Context(), id)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := s.auditOrFail(r, sessionFrom(r.Context()), "triage.read", idRecord("appointment", id), clinic.AuditOK, ""); err != nil {
		return nil, err
	}
	return s.triageViewOf(rec), nil
}

// triageViewOf puts kept answers in words, with the urgency and the
// rules' suggestions as the check gave them.
func (s *Server) triageViewOf(rec *clinic.TriageRecord) *triageView {
	v := &triageView{CreatedAt: rec.CreatedAt, Raw: rec.Answers, AppointmentN: rec.AppointmentID}
	a, errs := intake.ParseAnswers(rec.Answers)
	res, err := intake.Triage(a)
	if errs != nil || err != nil {
		v.Unreadable = true
		return v
	}
	v.Urgency, v.Reasons, v.Notes, v.Summary = res.Urgency.String(), res.Reasons, res.Notes, intake.Summary(a)
	if s.cfg.Rules != nil {
		rec := intake.Recommend(a, s.cfg.Rules)
		v.Treatments = rec.Treatments()
		for _, m := range rec.Matches {
			for _, t := range append(m.Treatments, m.Withheld...) {
				for _, n := range t.Notes {
					if !slices.Contains(v.Contraindic, n) {
						v.Contraindic = append(v.Contraindic, n)
					}
				}
			}
		}
	}
	return v
}
