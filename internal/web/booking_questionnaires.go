package web

import (
	"context"
	"net/http"
	"net/url"

	"clinic"
)

// A patient who books a procedure online may ask, with a box on the
// details form that starts unticked, for the outcome questionnaires of
// that procedure. Ticked, it records their consent as staff do, with the
// version of the wording, and the plan's baseline goes out with the next
// pass of the questionnaire queue; the manage page then says so and
// links to stopping them.

// questionnaireField is the box's name; its one value is "yes".
const questionnaireField = "questionnaires"

// questionnaireBox is the box on the details form.
type questionnaireBox struct {
	Label, Note string
	Checked     bool
}

// offeredProcedure returns the treatment whose questionnaires a booking
// of typ may ask for, or "" when there is none to offer: the type is not
// a procedure, its treatment is no longer in the tree, or the clinic runs
// no questionnaires (no store for them, or no instrument with wording to
// ask before a procedure).
func (s *Server) offeredProcedure(ctx context.Context, typ *clinic.AppointmentType) (string, error) {
	if typ.Treatment == "" || s.cfg.Questionnaires == nil || len(s.questionnaireInstruments(clinic.TimeBaseline)) == 0 {
		return "", nil
	}
	t, err := s.content.Treatment(ctx, typ.Treatment)
	switch {
	case clinic.ErrorKind(err) == clinic.ENotFound:
		return "", nil
	case err != nil:
		return "", err
	case t.IsCategory():
		return "", nil
	}
	return t.Slug, nil
}

// readQuestionnaireBox reads the box: ticked, or not sent, as an
// unticked box is not. Any other value is no answer we can act on, and
// consent is not guessed: the form is shown again.
func readQuestionnaireBox(v url.Values) (ticked bool, problem string) {
	switch vs := v[questionnaireField]; {
	case len(vs) == 0:
		return false, ""
	case len(vs) == 1 && vs[0] == "yes":
		return true, ""
	}
	return false, "We could not read your answer about the questionnaires. Tick the box if you would like them, or leave it empty."
}

// startQuestionnairesOnline records the consent the patient gave by the
// box and starts the plan of appointment a. The booking stands whatever
// happens here; a plan started already (a form sent twice) is left as it
// is.
func (s *Server) startQuestionnairesOnline(r *http.Request, a *clinic.Appointment, treatment string) {
	e := &clinic.AuditEvent{Actor: actorOnline, Action: "questionnaire.start", Record: idRecord("appointment", a.ID),
		Address: s.clientAddr(r), Outcome: clinic.AuditOK, Detail: treatment + ", wording " + clinic.QuestionnaireConsentVersion}
	ctx := clinic.WithAudit(r.Context(), e)
	_, err := s.cfg.Questionnaires.StartQuestionnaires(ctx, a.ID, treatment, clinic.QuestionnaireConsentVersion, s.now())
	if err != nil && clinic.ErrorKind(err) != clinic.EConflict {
		s.log.ErrorContext(r.Context(), "questionnaires not started", "appointment", a.ID, "err", err)
	}
}

// manageQuestionnaires is what the manage page says of the appointment's
// questionnaires.
type manageQuestionnaires struct {
	Stopped  bool
	StopLink string // the page that asks, then stops them
}

// appointmentPlan returns what the manage page says of appointment id's
// questionnaires, or nil when it has none.
func (s *Server) appointmentPlan(ctx context.Context, id int64) (*manageQuestionnaires, error) {
	if s.cfg.Questionnaires == nil {
		return nil, nil
	}
	plan, err := s.cfg.Questionnaires.QuestionnairePlan(ctx, id)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &manageQuestionnaires{Stopped: !plan.OptedOutAt.IsZero(),
		StopLink: s.questionnaireLink(id, clinic.TimeBaseline, s.now()) + "/stop"}, nil
}
