package web

import (
	"net/http"
	"strconv"
	"time"

	"clinic"
	"clinic/internal/outcomes"
)

// questionnaireRoutes are the staff's questionnaire actions on an
// appointment.
func (s *Server) questionnaireRoutes() []adminRoute {
	return []adminRoute{
		{"POST /admin/appointments/{id}/questionnaires", clinic.PermPatients, s.startQuestionnaires},
		{"POST /admin/appointments/{id}/questionnaires/send", clinic.PermPatients, s.sendQuestionnaire},
	}
}

// timeView is one time point of a plan, for staff.
type timeView struct {
	Time                         int
	Name                         string
	SentAt, RemindedAt, Answered time.Time
	Scores                       []scoreView
}

type scoreView struct {
	Instrument string
	Score      string
}

// questionnairesView is the questionnaires panel of an appointment.
type questionnairesView struct {
	Appointment int64
	Plan        *clinic.QuestionnairePlan
	Times       []timeView
	Treatments  []*clinic.Treatment // to choose from when starting
}

// appointmentQuestionnaires reads an appointment's plan and the scores
// given so far; reading scores is an audited read of health information.
func (s *Server) appointmentQuestionnaires(r *http.Request, id int64) (*questionnairesView, error) {
	if s.cfg.Questionnaires == nil || s.cfg.Outcomes == nil {
		return nil, nil
	}
	v := &questionnairesView{Appointment: id}
	plan, err := s.cfg.Questionnaires.QuestionnairePlan(r.Context(), id)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		v.Treatments, err = s.procedures(r.Context())
		return v, err
	}
	if err != nil {
		return nil, err
	}
	v.Plan = plan
	rs, err := s.cfg.Outcomes.AppointmentResponses(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if len(rs) > 0 {
		if err := s.auditOrFail(r, sessionFrom(r.Context()), "questionnaire.read", idRecord("appointment", id), clinic.AuditOK, ""); err != nil {
			return nil, err
		}
	}
	for tp := range clinic.NumTimes {
		in := plan.Invites[tp]
		tv := timeView{Time: tp, Name: outcomes.TimePoint(tp).String(), SentAt: in.SentAt, RemindedAt: in.RemindedAt, Answered: in.AnsweredAt}
		for _, q := range rs {
			if q.Time == tp {
				tv.Scores = append(tv.Scores, scoreView{Instrument: s.instrumentTitle(q.Instrument), Score: strconv.FormatFloat(q.Score, 'f', -1, 64)})
			}
		}
		v.Times = append(v.Times, tv)
	}
	return v, nil
}

func (s *Server) instrumentTitle(id string) string {
	for _, in := range s.cfg.Instruments {
		if in.ID == id {
			return in.Title
		}
	}
	return id
}

// startQuestionnaires records the patient's consent, which staff confirm
// with a checkbox, and starts the plan.
func (s *Server) startQuestionnaires(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.appointmentFor(r, "")
	if err != nil {
		return err
	}
	treatment := r.PostForm.Get("treatment")
	ctx, e := s.auditing(r, "questionnaire.start", idRecord("appointment", a.ID), truncate(cleanParam(treatment), 80))
	if r.PostForm.Get("consent") != "yes" {
		err = clinic.Errorf(clinic.EInvalid, "Tick the box to confirm that the patient agreed to receive questionnaires by email.")
	} else if _, err = s.content.Treatment(ctx, treatment); err != nil {
		err = clinic.Errorf(clinic.EInvalid, "Please choose the procedure.")
	}
	if err == nil {
		_, err = s.cfg.Questionnaires.StartQuestionnaires(ctx, a.ID, treatment, "", s.now())
	}
	return s.staffChange(w, r, a.ID, e, err)
}

// sendQuestionnaire sends a time point's questionnaire now, by hand.
func (s *Server) sendQuestionnaire(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	a, err := s.appointmentFor(r, "")
	if err != nil {
		return err
	}
	tp, ok := atoiRange(r.PostForm.Get("time"), 0, clinic.NumTimes-1)
	ctx, e := s.auditing(r, "questionnaire.send", idRecord("appointment", a.ID), "time "+strconv.Itoa(tp))
	err = clinic.Errorf(clinic.EInvalid, "There is no such questionnaire time.")
	if ok {
		err = s.cfg.Questionnaires.SendQuestionnaire(ctx, a.ID, tp, s.now())
	}
	return s.staffChange(w, r, a.ID, e, err)
}
