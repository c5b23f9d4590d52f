package clinic

import (
	"context"
	"time"
)

// TriageRecord is what a person answered in "Diagnose my pain", kept
// because they asked us to: with an appointment they booked from the
// result, or with a request to be called back (a lead). The answers are
// protected health information: stored sealed, read by staff only through
// audited pages, never logged.
type TriageRecord struct {
	ID            int64
	AppointmentID int64 // zero unless booked from the result
	MessageID     int64 // the lead's contact message; zero unless a call back was asked for
	// Answers are the answers by question id, as intake.Answers.Encode
	// writes them.
	Answers   map[string][]string
	CreatedAt time.Time
}

// TriageService keeps the symptom check's answers a person consented to
// give us.
type TriageService interface {
	// AttachTriage keeps answers with an appointment, sealed. An
	// appointment has at most one set: a second replaces the first.
	AttachTriage(ctx context.Context, appointmentID int64, answers map[string][]string) error
	// AppointmentTriage returns the answers kept with an appointment, or
	// an ENotFound error.
	AppointmentTriage(ctx context.Context, appointmentID int64) (*TriageRecord, error)
	// CreateTriageLead stores m as a contact message for the front desk,
	// with the answers, sealed, in one transaction, under the contact
	// form's flood limit. It sets m's ID, Status and CreatedAt.
	CreateTriageLead(ctx context.Context, m *ContactMessage, answers map[string][]string, now time.Time) error
}

// Questionnaire time points: when a patient is asked, relative to a
// procedure.
const (
	TimeBaseline = 0 // when the procedure is booked, before it
	TimeWeeks6   = 1 // 6 weeks after it is completed
	TimeMonths3  = 2 // 3 months after
	TimeMonths12 = 3 // 12 months after
	NumTimes     = 4
)

// QuestionnaireResponse is one patient's answers to one instrument at one
// time point of one course of treatment. Items and Score are health
// information: stored sealed.
type QuestionnaireResponse struct {
	ID int64
	// PatientKey is an opaque id of the person, the same across
	// treatments; never a name, an email or a record number.
	PatientKey    string
	Treatment     string // the treatment's slug
	AppointmentID int64  // the procedure's appointment; zero for synthetic data
	Instrument    string // the instrument's id
	Time          int    // TimeBaseline … TimeMonths12
	Items         map[string]int
	Score         float64
	AnsweredAt    time.Time
	// Synthetic marks generated demo data, which pages label as such.
	Synthetic bool
}

// OutcomesRun is a recomputation of the published outcome figures.
type OutcomesRun struct {
	Key   string // "nightly 2026-12-06", "manual …": each key runs once
	Token string // held by the instance that runs it
}

// OutcomesService stores questionnaire responses and the outcome figures
// computed from them.
type OutcomesService interface {
	// AddResponses stores responses, sealed; a response for a patient,
	// treatment, instrument and time point that is already there is
	// refused with EConflict.
	AddResponses(ctx context.Context, rs []*QuestionnaireResponse) error
	// Responses returns every response, real ones only or synthetic ones
	// only, unsealed, in id order.
	Responses(ctx context.Context, synthetic bool) ([]*QuestionnaireResponse, error)
	// AppointmentResponses returns the responses of the course of
	// treatment of one appointment, oldest first.
	AppointmentResponses(ctx context.Context, appointmentID int64) ([]*QuestionnaireResponse, error)
	// CountResponses says how many real and synthetic responses there are.
	CountResponses(ctx context.Context) (real, synthetic int, err error)
	// ClaimOutcomesRun takes the run of key for lease, unless it ran
	// already or another instance holds it: then ok is false. Of any
	// number of instances that claim one key, one gets it.
	ClaimOutcomesRun(ctx context.Context, key string, now time.Time, lease time.Duration) (run OutcomesRun, ok bool, err error)
	// FinishOutcomesRun stores the figures of a run claimed and still held
	// (EConflict when its lease was lost) and bumps the content version,
	// so that every instance's cached pages show them.
	FinishOutcomesRun(ctx context.Context, run OutcomesRun, report []byte, now time.Time) error
	// OutcomesReport returns the last figures stored and when they were
	// computed; ENotFound before the first run.
	OutcomesReport(ctx context.Context) ([]byte, time.Time, error)
}

// QuestionnairePlan is the questionnaires of one procedure: the patient
// agreed to be asked, by email, at the baseline (before the procedure,
// once it is booked) and 6 weeks, 3 months and 12 months after it.
type QuestionnairePlan struct {
	AppointmentID int64
	Treatment     string // the procedure's slug
	PatientKey    string // opaque; names the person in the outcome figures
	ConsentAt     time.Time
	// ConsentVersion names the wording the patient agreed to when they
	// ticked the box themselves while booking online
	// (QuestionnaireConsentVersion); empty when staff recorded consent
	// the patient gave them.
	ConsentVersion string
	OptedOutAt     time.Time // zero unless the patient asked to stop
	CreatedAt      time.Time
	Invites        [NumTimes]QuestionnaireInvite
}

// QuestionnaireInvite is the state of one time point of a plan.
type QuestionnaireInvite struct {
	SentAt     time.Time // the invitation queued; zero until then
	RemindedAt time.Time // the one reminder queued
	AnsweredAt time.Time
}

// QuestionnaireAfter is when each time point is due: the baseline as soon
// as the plan starts, the others after the procedure.
var QuestionnaireAfter = [NumTimes]time.Duration{0, 42 * 24 * time.Hour, 91 * 24 * time.Hour, 365 * 24 * time.Hour}

// Questionnaire mail timing: a reminder goes once, a week after the
// invitation; an invitation more than a month overdue is not sent.
const (
	QuestionnaireRemindAfter = 7 * 24 * time.Hour
	QuestionnaireLateAfter   = 30 * 24 * time.Hour
)

// The consent a patient gives by ticking a box when they book a procedure
// online. The wording says what the code does: the baseline by email
// once booked, the follow-ups after the procedure is completed, one
// reminder each, answers sealed and shown to the care team, counted
// without names in the published figures (groups under 11 suppressed),
// a link to stop in every email. A change of wording is a new version;
// each plan records the version its patient agreed to.
const (
	QuestionnaireConsentVersion = "2026-12"
	QuestionnaireConsentLabel   = "Send me short questionnaires about my pain before and after treatment, to track how I do"
	QuestionnaireConsentNote    = "By email: one now, before your procedure, then 6 weeks, 3 months and 12 months after it, " +
		"with one reminder if you have not answered. Your answers are kept private: your care team sees them, " +
		"and they are counted, without your name, in the outcome figures the clinic publishes, " +
		"which never show a group of fewer than 11 patients. Every email has a link to stop them. " +
		"Saying no does not change your care."
)

// Questionnaire mail kinds; the time point follows a colon, as in
// "questionnaire:1".
const (
	MailQuestionnaire         = "questionnaire"
	MailQuestionnaireReminder = "questionnaire_reminder"
)

// QuestionnaireService keeps the questionnaires of procedures.
type QuestionnaireService interface {
	// StartQuestionnaires records the patient's consent, with the
	// version of the wording they agreed to online ("" when staff record
	// it), and starts the plan of an appointment; starting it again is
	// an EConflict.
	StartQuestionnaires(ctx context.Context, appointmentID int64, treatment, consentVersion string, now time.Time) (*QuestionnairePlan, error)
	// QuestionnairePlan returns an appointment's plan, or ENotFound.
	QuestionnairePlan(ctx context.Context, appointmentID int64) (*QuestionnairePlan, error)
	// OptOutQuestionnaires stops every further questionnaire mail.
	OptOutQuestionnaires(ctx context.Context, appointmentID int64, now time.Time) error
	// SendQuestionnaire queues an invitation now, by hand, unless the
	// time point was answered or the patient opted out.
	SendQuestionnaire(ctx context.Context, appointmentID int64, time int, now time.Time) error
	// QueueDueQuestionnaires queues the invitations and reminders that
	// are due, each once however many instances call it, and returns how
	// many it queued.
	QueueDueQuestionnaires(ctx context.Context, now time.Time) (int, error)
	// AnswerQuestionnaire stores a time point's responses and marks it
	// answered; a second answer is an EConflict.
	AnswerQuestionnaire(ctx context.Context, appointmentID int64, time int, rs []*QuestionnaireResponse, now time.Time) error
	// QuestionnairesDue lists a patient's time points (and those of the
	// records merged into theirs) that were sent and are not answered,
	// of plans still running, oldest first.
	QuestionnairesDue(ctx context.Context, patientID int64) ([]*QuestionnaireDue, error)
}

// QuestionnaireDue is a time point the patient was asked to answer and
// has not.
type QuestionnaireDue struct {
	AppointmentID int64
	Time          int
	Treatment     string // the procedure's slug
	SentAt        time.Time
}
