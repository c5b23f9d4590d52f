package web

import (
	"net/http"
	"net/url"
	"strconv"

	"clinic"
	"clinic/internal/intake"
	"clinic/internal/jsonld"
)

// "Diagnose my pain" asks one question per screen. The answers so far
// travel in the form, as hidden fields posted from screen to screen, so
// that nothing is stored and nothing reaches a URL until the person asks
// us to keep it (diagnose_keep.go). The order and the red flags are
// intake's: an emergency sign answered yes leads to the emergency stop,
// whatever else the form holds.

// Form fields of the symptom check besides the answers.
const (
	stepField = "step" // the id of the question on the screen sent
	goField   = "go"   // "next" or "back"
)

// hiddenField is an answer carried from screen to screen.
type hiddenField struct{ Name, Value string }

// choiceView is one answer a screen offers.
type choiceView struct {
	Value, Label string
	Checked      bool
}

type diagnosePage struct {
	basePage
	Question intake.Question
	Choices  []choiceView
	Hidden   []hiddenField
	Number   int // this question's place on the person's path
	Total    int // the questions that apply so far
	Section  string
	Error    string
	First    bool // no Back button
	Outline  bool // the body outline goes with this question
	Rating   bool // a 0-10 scale
	// InputType is "checkbox" where several answers may be chosen, else
	// "radio".
	InputType string
}

// diagnose starts the symptom check with its first question.
func (s *Server) diagnose(w http.ResponseWriter, r *http.Request) error {
	return s.askScreen(w, r, http.StatusOK, intake.Answers{}, intake.Next(intake.Answers{}).Question, "")
}

// diagnoseStep answers a screen: it reads the answers carried and the one
// given, then shows the next screen, the previous one, the emergency stop
// or the result.
func (s *Server) diagnoseStep(w http.ResponseWriter, r *http.Request) error {
	a, cur, err := readAnswers(r)
	if err != nil {
		return err
	}
	if r.PostForm.Get(goField) == "back" {
		return s.diagnoseBack(w, r, a, cur)
	}
	if intake.Next(a).Kind == intake.EmergencyStop {
		return s.emergencyStop(w, r, a)
	}
	if q, ok := intake.QuestionByID(cur); ok && q.Asked(a) && !a.Has(q.ID) {
		msg := "Please choose an answer."
		if _, errs := intake.ParseAnswers(r.PostForm); errs[q.ID] != "" {
			msg = errs[q.ID]
		}
		return s.askScreen(w, r, http.StatusUnprocessableEntity, a, q, msg)
	}
	if q, ok := following(a, cur); ok {
		return s.askScreen(w, r, http.StatusOK, a, q, "")
	}
	return s.diagnoseResult(w, r, a)
}

// readAnswers parses the form of a screen: the answers carried, checked
// and pruned of answers to questions that no longer apply, and the id of
// the question on the screen. A carried answer that does not parse is a
// form not of ours: 400. The answer to the screen's own question may be
// wrong; the caller asks it again.
func readAnswers(r *http.Request) (intake.Answers, string, error) {
	if err := parseForm(r); err != nil {
		return intake.Answers{}, "", err
	}
	cur := r.PostForm.Get(stepField)
	a, errs := intake.ParseAnswers(r.PostForm)
	for id := range errs {
		if id != cur {
			return intake.Answers{}, "", clinic.Errorf(clinic.EInvalid, "We could not read your answers. Please start again.")
		}
	}
	return prune(a), cur, nil
}

// prune drops the answers to questions that the other answers make not
// apply (a changed answer can do that), so that they are neither carried
// nor kept.
func prune(a intake.Answers) intake.Answers {
	v := url.Values{}
	for _, q := range intake.Questions() {
		if q.Asked(a) && a.Has(q.ID) {
			v[q.ID] = a.Choices(q.ID)
		}
	}
	out, _ := intake.ParseAnswers(v)
	return out
}

// following is the question after cur that applies, answered or not, so
// that Next after Back shows the answer given before; past the last one,
// the first that still has no answer, if any.
func following(a intake.Answers, cur string) (intake.Question, bool) {
	qs := intake.Questions()
	i := indexOf(qs, cur)
	for i++; i > 0 && i < len(qs); i++ {
		if qs[i].Asked(a) {
			return qs[i], true
		}
	}
	step := intake.Next(a)
	return step.Question, step.Kind == intake.Ask
}

func indexOf(qs []intake.Question, id string) int {
	for i, q := range qs {
		if q.ID == id {
			return i
		}
	}
	return -1
}

// diagnoseBack shows the question before cur, keeping every answer; from
// the emergency stop or the result (no cur), the last question answered.
func (s *Server) diagnoseBack(w http.ResponseWriter, r *http.Request, a intake.Answers, cur string) error {
	if _, ok := intake.QuestionByID(cur); ok {
		if q, ok := intake.Previous(a, cur); ok {
			return s.askScreen(w, r, http.StatusOK, a, q, "")
		}
		q, _ := intake.QuestionByID(cur)
		return s.askScreen(w, r, http.StatusOK, a, q, "")
	}
	qs := intake.Questions()
	for i := len(qs) - 1; i >= 0; i-- {
		if qs[i].Asked(a) && a.Has(qs[i].ID) {
			return s.askScreen(w, r, http.StatusOK, a, qs[i], "")
		}
	}
	return s.askScreen(w, r, http.StatusOK, a, qs[0], "")
}

// askScreen shows question q, with its answer so far checked and every
// other answer carried.
func (s *Server) askScreen(w http.ResponseWriter, r *http.Request, status int, a intake.Answers, q intake.Question, problem string) error {
	p := diagnosePage{Question: q, Hidden: carried(a, q.ID), Error: problem, Section: sectionName(q.Section),
		Choices: choicesOf(q, a), Outline: q.ID == "where", Rating: q.Kind == intake.Rating, InputType: "radio"}
	if q.Kind == intake.AnyOf {
		p.InputType = "checkbox"
	}
	p.Number, p.Total = progress(a, q.ID)
	p.First = p.Number == 1
	title := "Diagnose my pain: question " + strconv.Itoa(p.Number)
	if problem != "" {
		title = "Please check your answer: " + title
	}
	if err := s.diagnoseBase(r, &p.basePage, title); err != nil {
		return err
	}
	return s.renderPrivate(w, status, "diagnose", p)
}

// diagnoseBase fills in the common part of the symptom check's pages,
// which no search engine indexes: their content depends on answers.
func (s *Server) diagnoseBase(r *http.Request, b *basePage, title string) error {
	var err error
	*b, err = s.base(r.Context(), r, title, "Answer a few questions about your back, neck, arm or leg pain: how urgent it is, who can help, and which treatments are commonly considered.",
		jsonld.Crumb{Name: "Diagnose my pain", Path: "/diagnose"})
	b.NoIndex, b.Canonical = true, ""
	b.JSONLD = nil
	return err
}

// renderPrivate renders a page that holds answers: no cache, no referrer.
func (s *Server) renderPrivate(w http.ResponseWriter, status int, name string, data any) error {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, status, name, data)
}

// carried are the answers other than question id's, as hidden fields.
func carried(a intake.Answers, id string) []hiddenField {
	var out []hiddenField
	for _, q := range intake.Questions() {
		if q.ID == id {
			continue
		}
		for _, v := range a.Choices(q.ID) {
			out = append(out, hiddenField{q.ID, v})
		}
	}
	return out
}

// choicesOf lists q's answers, with those given checked.
func choicesOf(q intake.Question, a intake.Answers) []choiceView {
	var out []choiceView
	switch q.Kind {
	case intake.YesNo:
		out = []choiceView{{Value: intake.Yes, Label: "Yes"}, {Value: intake.No, Label: "No"}}
	case intake.Rating:
		for n := intake.RatingMin; n <= intake.RatingMax; n++ {
			out = append(out, choiceView{Value: strconv.Itoa(n), Label: strconv.Itoa(n)})
		}
	default:
		for _, c := range q.Choices {
			out = append(out, choiceView{Value: c.Value, Label: c.Label})
		}
	}
	for i := range out {
		out[i].Checked = a.Includes(q.ID, out[i].Value)
	}
	return out
}

// progress is question id's place on the path and the number of
// questions that apply given the answers so far.
func progress(a intake.Answers, id string) (n, total int) {
	for _, q := range intake.Questions() {
		if !q.Asked(a) {
			continue
		}
		total++
		if q.ID == id {
			n = total
		}
	}
	return max(n, 1), max(total, n)
}

func sectionName(sec intake.Section) string {
	switch sec {
	case intake.Safety:
		return "First, some safety questions"
	case intake.Pain:
		return "About your pain"
	case intake.Health:
		return "About your health"
	}
	return ""
}
