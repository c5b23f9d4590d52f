package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"clinic"
	"clinic/internal/mail"
)

// isQuestionnaireMail reports a questionnaire invitation or reminder.
func isQuestionnaireMail(kind string) bool {
	return strings.HasPrefix(kind, clinic.MailQuestionnaire+":") || strings.HasPrefix(kind, clinic.MailQuestionnaireReminder+":")
}

// composeQuestionnaireMail writes a questionnaire invitation or reminder
// when it is sent: never to a patient who opted out since, nor for a
// questionnaire answered since.
func (s *Server) composeQuestionnaireMail(ctx context.Context, m *clinic.OutboxMessage) error {
	kind, tpText, _ := strings.Cut(m.Kind, ":")
	tp, err := strconv.Atoi(tpText)
	if err != nil || tp < 0 || tp >= clinic.NumTimes || s.cfg.Questionnaires == nil {
		return mail.Unsendable(m.ID, "not a questionnaire we know")
	}
	plan, err := s.cfg.Questionnaires.QuestionnairePlan(ctx, m.Appointment)
	if err != nil {
		return err
	}
	switch {
	case !plan.OptedOutAt.IsZero():
		return mail.Unsendable(m.ID, "the patient asked for no more questionnaires")
	case !plan.Invites[tp].AnsweredAt.IsZero():
		return mail.Unsendable(m.ID, "the patient has answered this questionnaire")
	}
	a, err := s.cfg.Booking.Appointment(ctx, m.Appointment)
	if err != nil {
		return err
	}
	if a.Patient.Email == "" {
		return mail.Unsendable(m.ID, "the patient gave no email address")
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	link := s.cfg.BaseURL + s.questionnaireLink(m.Appointment, tp, s.now())
	m.To, m.Subject = a.Patient.Email, "A few questions about how you are doing"
	if kind == clinic.MailQuestionnaireReminder {
		m.Subject = "Reminder: a few questions about how you are doing"
	}
	m.Body = withInvite(questionnaireBody(a.Patient.Name, timeName(tp), link, site), s.portalInvite(inviteAppointment, a.ID))
	return nil
}

func questionnaireBody(name, when, link string, site *clinic.Settings) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Dear %s,\n\nYou agreed to tell us how you are doing %s. It takes a few minutes, and your answers help your clinician and every patient after you:\n\n%s\n\n", name, when, link)
	fmt.Fprintf(&b, "Answering is voluntary and does not change your care. To receive no more of these emails:\n%s/stop\n\n", link)
	fmt.Fprintf(&b, "Questions? Call us at %s.\n\n%s\n", site.Phone, site.ClinicName)
	return b.String()
}
