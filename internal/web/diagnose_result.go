package web

import (
	"net/http"

	"clinic"
	"clinic/internal/intake"
)

type emergencyPage struct {
	basePage
	Reasons []intake.Reason
	Advice  string
	Hidden  []hiddenField
}

// emergencyStop is the only screen after an emergency sign: go to an
// emergency department now, with 911 as the first thing to press and no
// booking anywhere on the page.
func (s *Server) emergencyStop(w http.ResponseWriter, r *http.Request, a intake.Answers) error {
	res, err := intake.Triage(a)
	if err != nil {
		return err
	}
	p := emergencyPage{Reasons: emergencyReasons(res.Reasons), Advice: res.Urgency.Advice(), Hidden: carried(a, "")}
	if err := s.diagnoseBase(r, &p.basePage, "Go to an emergency department now"); err != nil {
		return err
	}
	return s.renderPrivate(w, http.StatusOK, "diagnose-emergency", p)
}

func emergencyReasons(rs []intake.Reason) []intake.Reason {
	var out []intake.Reason
	for _, r := range rs {
		if r.Urgency == intake.Emergency {
			out = append(out, r)
		}
	}
	return out
}

// treatmentView is a treatment of the catalogue suggested, or withheld,
// with its notes.
type treatmentView struct {
	Slug, Title string
	Linked      bool // the catalogue has a page for it
	Notes       []string
}

// matchView is one picture of pain that fits the answers.
type matchView struct {
	Title, Explanation string
	Clinician          intake.Clinician
	Treatments         []treatmentView
	Withheld           []treatmentView
}

type resultPage struct {
	basePage
	Urgency    string // "urgent" or "routine"
	Advice     string
	Reasons    []intake.Reason
	Notes      []string
	Summary    []intake.Line
	Matches    []matchView
	Disclaimer string
	Hidden     []hiddenField
	// The call-back form, when sent back with mistakes.
	Form     clinic.ContactMessage
	Errors   clinic.FieldErrors
	Problem  string
	Consent  bool
	Callback bool // the form is open (it was sent)
}

// diagnoseResult is the result of a finished check: the urgency, the
// summary of the answers, who can help, the treatments commonly
// considered and the disclaimer, with booking and a call back offered.
func (s *Server) diagnoseResult(w http.ResponseWriter, r *http.Request, a intake.Answers) error {
	p, err := s.resultOf(r, a)
	if err != nil {
		return err
	}
	return s.renderPrivate(w, http.StatusOK, "diagnose-result", p)
}

// resultOf builds the result page of finished answers without an
// emergency sign; the caller has checked both.
func (s *Server) resultOf(r *http.Request, a intake.Answers) (resultPage, error) {
	res, err := intake.Triage(a)
	if err != nil {
		return resultPage{}, err
	}
	if s.cfg.Rules == nil {
		return resultPage{}, clinic.Errorf(clinic.EInternal, "web: the symptom check has no rules file")
	}
	p := resultPage{Urgency: res.Urgency.String(), Advice: res.Urgency.Advice(), Reasons: res.Reasons,
		Notes: res.Notes, Summary: intake.Summary(a), Disclaimer: intake.Disclaimer, Hidden: carried(a, "")}
	if p.Matches, err = s.matchViews(r, intake.Recommend(a, s.cfg.Rules)); err != nil {
		return resultPage{}, err
	}
	err = s.diagnoseBase(r, &p.basePage, "Your answers: what they suggest")
	return p, err
}

// matchViews names the treatments of the recommendation by the
// catalogue's titles; a slug the catalogue lacks keeps its slug, unlinked.
func (s *Server) matchViews(r *http.Request, rec intake.Recommendation) ([]matchView, error) {
	all, err := s.content.Treatments(r.Context())
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, t := range all {
		titles[t.Slug] = t.Title
	}
	view := func(ts []intake.Treatment) []treatmentView {
		var out []treatmentView
		for _, t := range ts {
			title, ok := titles[t.Slug]
			if !ok {
				title = t.Slug
			}
			out = append(out, treatmentView{Slug: t.Slug, Title: title, Linked: ok, Notes: t.Notes})
		}
		return out
	}
	var out []matchView
	for _, m := range rec.Matches {
		out = append(out, matchView{Title: m.Picture.Title, Explanation: m.Picture.Explanation,
			Clinician: m.Clinician, Treatments: view(m.Treatments), Withheld: view(m.Withheld)})
	}
	return out, nil
}
