package web

import (
	"context"
	"net/http"
	"net/url"
	"time"

	"clinic"
	"clinic/internal/intake"
)

// A patient answers a questionnaire through a signed link in an email:
// the link names the appointment and the time point, and lasts
// questionnaireLinkLife. It holds nothing about the person.

const questionnaireLinkLife = 60 * 24 * time.Hour

// questionnaireToken is what a questionnaire link says.
type questionnaireToken struct {
	Appointment int64
	Time        int
	Expires     time.Time
}

// questionnaireLink is the path of the questionnaire of a time point.
func (s *Server) questionnaireLink(appt int64, tp int, now time.Time) string {
	return "/questionnaires/" + s.signLink("questionnaire link", now.Add(questionnaireLinkLife), uint64(appt), uint64(tp))
}

// readQuestionnaireToken checks a link's signature and its time.
func (s *Server) readQuestionnaireToken(token string, now time.Time) (questionnaireToken, error) {
	nums, expires, ok := s.readLink("questionnaire link", token, 2)
	if !ok || nums[1] >= clinic.NumTimes {
		return questionnaireToken{}, clinic.Errorf(clinic.ENotFound, "This link is not one we sent. Please use the link in your latest email, or call us.")
	}
	if !now.Before(expires) {
		return questionnaireToken{}, clinic.Errorf(clinic.EGone, "This link has expired. If you would still like to answer, please call us and we will send a new one.")
	}
	return questionnaireToken{Appointment: int64(nums[0]), Time: int(nums[1]), Expires: expires}, nil
}

// instrumentView is an instrument as the form shows it.
type instrumentView struct {
	*intake.Instrument
	Items []itemView
}

type itemView struct {
	Name, Text, Low, High string
	Choices               []choiceView
	Error                 string
}

type questionnairePage struct {
	basePage
	Action      string
	TimeName    string
	Instruments []instrumentView
	Problem     string
	Done        string // "answered", "stopped" or "": what the page says instead of the form
}

// questionnaireInstruments are the instruments asked at a time point: the
// scores compared over time at every time, and those about change itself
// (no MCID) only after the procedure. Files without wording are not asked.
func (s *Server) questionnaireInstruments(tp int) []*intake.Instrument {
	var out []*intake.Instrument
	for _, in := range s.cfg.Instruments {
		hasMCID := in.MCID.Points > 0 || in.MCID.Percent > 0
		if !in.Structural() && (hasMCID || tp != clinic.TimeBaseline) {
			out = append(out, in)
		}
	}
	return out
}

// questionnaireFor reads a link and its plan; done says why the form is
// not shown.
func (s *Server) questionnaireFor(r *http.Request) (questionnaireToken, *clinic.QuestionnairePlan, string, error) {
	if s.cfg.Questionnaires == nil {
		return questionnaireToken{}, nil, "", clinic.Errorf(clinic.ENotFound, "There is no questionnaire here.")
	}
	tok, err := s.readQuestionnaireToken(r.PathValue("token"), s.now())
	if err != nil {
		return tok, nil, "", err
	}
	plan, err := s.cfg.Questionnaires.QuestionnairePlan(r.Context(), tok.Appointment)
	if err != nil {
		return tok, nil, "", err
	}
	switch {
	case !plan.OptedOutAt.IsZero():
		return tok, plan, "stopped", nil
	case !plan.Invites[tok.Time].AnsweredAt.IsZero():
		return tok, plan, "answered", nil
	}
	return tok, plan, "", nil
}

// questionnaire shows the form of a time point.
func (s *Server) questionnaire(w http.ResponseWriter, r *http.Request) error {
	tok, _, done, err := s.questionnaireFor(r)
	if err != nil {
		return err
	}
	return s.questionnaireForm(w, r, http.StatusOK, tok, done, url.Values{}, nil)
}

func (s *Server) questionnaireForm(w http.ResponseWriter, r *http.Request, status int, tok questionnaireToken, done string, v url.Values, errs map[string]string) error {
	p := questionnairePage{Action: "/questionnaires/" + r.PathValue("token"), TimeName: timeName(tok.Time), Done: done}
	for _, in := range s.questionnaireInstruments(tok.Time) {
		p.Instruments = append(p.Instruments, instrumentViewOf(in, v, errs))
	}
	if len(errs) > 0 {
		p.Problem = "Please answer the questions marked below."
	}
	if err := s.diagnoseBase(r, &p.basePage, "Your questionnaire"); err != nil {
		return err
	}
	return s.renderPrivate(w, status, "questionnaire", p)
}

func instrumentViewOf(in *intake.Instrument, v url.Values, errs map[string]string) instrumentView {
	iv := instrumentView{Instrument: in}
	for _, it := range in.Items {
		name := in.ID + "." + it.ID
		item := itemView{Name: name, Text: it.Text, Low: it.Low, High: it.High, Error: errs[name]}
		for _, c := range it.Choices {
			val := itoa64(int64(c.Value))
			label := c.Text
			if label == "" {
				label = val
			}
			item.Choices = append(item.Choices, choiceView{Value: val, Label: label, Checked: v.Get(name) == val})
		}
		iv.Items = append(iv.Items, item)
	}
	return iv
}

func timeName(tp int) string {
	return [clinic.NumTimes]string{"before your procedure", "6 weeks after your procedure",
		"3 months after your procedure", "12 months after your procedure"}[tp]
}

// questionnaireSubmit scores and stores the answers of a time point.
func (s *Server) questionnaireSubmit(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	tok, plan, done, err := s.questionnaireFor(r)
	if err != nil || done != "" {
		if err == nil {
			err = s.questionnaireForm(w, r, http.StatusConflict, tok, done, nil, nil)
		}
		return err
	}
	rs, errs := s.scoreAnswers(tok, plan, r.PostForm)
	if len(errs) > 0 {
		return s.questionnaireForm(w, r, http.StatusUnprocessableEntity, tok, "", r.PostForm, errs)
	}
	err = s.cfg.Questionnaires.AnswerQuestionnaire(r.Context(), tok.Appointment, tok.Time, rs, s.now())
	if clinic.ErrorKind(err) == clinic.EConflict {
		return s.questionnaireForm(w, r, http.StatusConflict, tok, "answered", nil, nil)
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/questionnaires/"+r.PathValue("token"), http.StatusSeeOther)
	return nil
}

// scoreAnswers reads and scores every instrument of the form, or says per
// item what is missing.
func (s *Server) scoreAnswers(tok questionnaireToken, plan *clinic.QuestionnairePlan, form url.Values) ([]*clinic.QuestionnaireResponse, map[string]string) {
	var rs []*clinic.QuestionnaireResponse
	errs := map[string]string{}
	for _, in := range s.questionnaireInstruments(tok.Time) {
		v := url.Values{}
		for _, it := range in.Items {
			v[it.ID] = form[in.ID+"."+it.ID]
		}
		resp, ferrs := intake.ParseResponse(in, v)
		for id, msg := range ferrs {
			errs[in.ID+"."+id] = msg
		}
		res, err := intake.Score(in, resp)
		if err != nil || len(ferrs) > 0 {
			for _, it := range in.Items {
				if _, ok := resp[it.ID]; !ok && errs[in.ID+"."+it.ID] == "" {
					errs[in.ID+"."+it.ID] = "Please choose an answer."
				}
			}
			continue
		}
		rs = append(rs, &clinic.QuestionnaireResponse{PatientKey: plan.PatientKey, Treatment: plan.Treatment,
			AppointmentID: tok.Appointment, Instrument: in.ID, Time: tok.Time, Items: resp,
			Score: res.PrimaryScore().Value, AnsweredAt: s.now()})
	}
	return rs, errs
}

// questionnaireStop asks, then stops every further questionnaire.
func (s *Server) questionnaireStop(w http.ResponseWriter, r *http.Request) error {
	tok, _, done, err := s.questionnaireFor(r)
	if err != nil {
		return err
	}
	if r.Method == http.MethodPost && done != "stopped" {
		if err := s.cfg.Questionnaires.OptOutQuestionnaires(r.Context(), tok.Appointment, s.now()); err != nil {
			return err
		}
		done = "stopped"
	}
	p := questionnairePage{Action: "/questionnaires/" + r.PathValue("token") + "/stop", Done: done}
	if err := s.diagnoseBase(r, &p.basePage, "Stop the questionnaires"); err != nil {
		return err
	}
	return s.renderPrivate(w, http.StatusOK, "questionnaire-stop", p)
}

// QueueQuestionnaires queues the questionnaire mail that is due.
func (s *Server) QueueQuestionnaires(ctx context.Context) (int, error) {
	if s.cfg.Questionnaires == nil {
		return 0, nil
	}
	return s.cfg.Questionnaires.QueueDueQuestionnaires(ctx, s.now())
}
