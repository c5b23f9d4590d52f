package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

var _ clinic.QuestionnaireService = (*DB)(nil)

// StartQuestionnaires records consent and starts an appointment's plan.
// The patient key is a keyed hash of the booking's patient hash, so that
// one person's procedures share it; random where the booking has none.
func (db *DB) StartQuestionnaires(ctx context.Context, appointmentID int64, treatment, consentVersion string, now time.Time) (*clinic.QuestionnairePlan, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	if !clinic.ValidSlug(treatment) {
		return nil, clinic.Errorf(clinic.EInvalid, "Please choose the procedure.")
	}
	if len(consentVersion) > 40 {
		return nil, fmt.Errorf("store: start questionnaires: a consent version of %d bytes", len(consentVersion))
	}
	err := db.inTx(ctx, normTime(now), func(t *tx) error {
		var hash *string
		err := t.QueryRowContext(ctx, `SELECT patient_hash FROM appointments WHERE id = $1`, appointmentID).Scan(&hash)
		if isNoRows(err) {
			return notFound("appointment " + strconv.FormatInt(appointmentID, 10))
		}
		if err != nil {
			return fmt.Errorf("store: start questionnaires: %w", err)
		}
		key := rand.Text()
		if hash != nil && *hash != "" {
			key = db.sealer.Hash("outcomes " + *hash)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO questionnaire_plans (appointment_id, treatment, patient_key, consent_at, consent_version, created_at)
			VALUES ($1, $2, $3, $4, $5, $4)`, appointmentID, treatment, key, t.d.timeArg(t.now), consentVersion)
		if err != nil && isUnique(err) {
			return clinic.Errorf(clinic.EConflict, "The questionnaires of this appointment have started already.")
		}
		if err != nil {
			return fmt.Errorf("store: start questionnaires: %w", err)
		}
		for tp := range clinic.NumTimes {
			if _, err := t.ExecContext(ctx, `INSERT INTO questionnaire_invites (appointment_id, time_point) VALUES ($1, $2)`, appointmentID, tp); err != nil {
				return fmt.Errorf("store: start questionnaires: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return db.QuestionnairePlan(ctx, appointmentID)
}

// QuestionnairePlan returns an appointment's plan with its invitations.
func (db *DB) QuestionnairePlan(ctx context.Context, appointmentID int64) (*clinic.QuestionnairePlan, error) {
	return planOf(ctx, db.read, appointmentID)
}

func planOf(ctx context.Context, q querier, appointmentID int64) (*clinic.QuestionnairePlan, error) {
	p := &clinic.QuestionnairePlan{AppointmentID: appointmentID}
	err := q.QueryRowContext(ctx, `SELECT treatment, patient_key, consent_at, consent_version, opted_out_at, created_at
		FROM questionnaire_plans WHERE appointment_id = $1`, appointmentID).
		Scan(&p.Treatment, &p.PatientKey, timeCol{&p.ConsentAt}, &p.ConsentVersion, timeCol{&p.OptedOutAt}, timeCol{&p.CreatedAt})
	if isNoRows(err) {
		return nil, notFound("questionnaires of appointment " + strconv.FormatInt(appointmentID, 10))
	}
	if err != nil {
		return nil, fmt.Errorf("store: questionnaire plan: %w", err)
	}
	rows, err := q.QueryContext(ctx, `SELECT time_point, sent_at, reminded_at, answered_at FROM questionnaire_invites
		WHERE appointment_id = $1`, appointmentID)
	if err != nil {
		return nil, fmt.Errorf("store: questionnaire plan: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var tp int
		var in clinic.QuestionnaireInvite
		if err := rows.Scan(&tp, timeCol{&in.SentAt}, timeCol{&in.RemindedAt}, timeCol{&in.AnsweredAt}); err != nil {
			return nil, fmt.Errorf("store: questionnaire plan: %w", err)
		}
		if tp >= 0 && tp < clinic.NumTimes {
			p.Invites[tp] = in
		}
	}
	return p, rows.Err()
}

// QuestionnairesDue lists a patient's sent, unanswered time points of
// plans still running.
func (db *DB) QuestionnairesDue(ctx context.Context, patientID int64) ([]*clinic.QuestionnaireDue, error) {
	ds, err := queryRows(ctx, db.read, func(s scanner) (*clinic.QuestionnaireDue, error) {
		d := &clinic.QuestionnaireDue{}
		return d, s.Scan(&d.AppointmentID, &d.Time, &d.Treatment, timeCol{&d.SentAt})
	}, `SELECT i.appointment_id, i.time_point, p.treatment, i.sent_at FROM questionnaire_invites i
		JOIN questionnaire_plans p ON p.appointment_id = i.appointment_id
		JOIN appointments a ON a.id = i.appointment_id
		WHERE a.patient_id IN (SELECT id FROM patients WHERE id = $1 OR merged_into = $1)
			AND p.opted_out_at IS NULL AND i.sent_at IS NOT NULL AND i.answered_at IS NULL
		ORDER BY i.sent_at, i.appointment_id, i.time_point`, patientID)
	return list(ds, err, "questionnaires due")
}

// OptOutQuestionnaires stops the plan's mail; messages queued and not yet
// sent are given up.
func (db *DB) OptOutQuestionnaires(ctx context.Context, appointmentID int64, now time.Time) error {
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE questionnaire_plans SET opted_out_at = $2
			WHERE appointment_id = $1 AND opted_out_at IS NULL`, appointmentID, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: opt out of questionnaires: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := planOf(ctx, t, appointmentID); err != nil {
				return err
			}
		}
		return t.withdrawQuestionnaireMail(ctx, appointmentID, "the patient asked for no more questionnaires")
	})
}

// withdrawQuestionnaireMail gives up the plan's unsent messages.
func (t *tx) withdrawQuestionnaireMail(ctx context.Context, appointmentID int64, why string) error {
	_, err := t.ExecContext(ctx, `UPDATE outbox SET failed_at = $2, last_error = $3
		WHERE appointment_id = $1 AND sent_at IS NULL AND failed_at IS NULL AND kind LIKE 'questionnaire%'`,
		appointmentID, t.d.timeArg(t.now), "not sent: "+why)
	if err != nil {
		return fmt.Errorf("store: withdraw questionnaire mail: %w", err)
	}
	return nil
}

// SendQuestionnaire queues an invitation now, as staff ask.
func (db *DB) SendQuestionnaire(ctx context.Context, appointmentID int64, tp int, now time.Time) error {
	if tp < 0 || tp >= clinic.NumTimes {
		return clinic.Errorf(clinic.EInvalid, "There is no such questionnaire time.")
	}
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		if err := t.lock(ctx, "questionnaires"); err != nil {
			return err
		}
		p, err := planOf(ctx, t, appointmentID)
		switch {
		case err != nil:
			return err
		case !p.OptedOutAt.IsZero():
			return clinic.Errorf(clinic.EConflict, "The patient asked for no more questionnaires.")
		case !p.Invites[tp].AnsweredAt.IsZero():
			return clinic.Errorf(clinic.EConflict, "The patient has answered this questionnaire.")
		}
		if _, err := t.ExecContext(ctx, `UPDATE questionnaire_invites SET sent_at = $3
			WHERE appointment_id = $1 AND time_point = $2`, appointmentID, tp, t.d.timeArg(t.now)); err != nil {
			return fmt.Errorf("store: send questionnaire: %w", err)
		}
		return t.queueAbout(ctx, appointmentID, clinic.MailQuestionnaire+":"+strconv.Itoa(tp), t.now)
	})
}

// AnswerQuestionnaire stores the responses of a time point, once.
func (db *DB) AnswerQuestionnaire(ctx context.Context, appointmentID int64, tp int, rs []*clinic.QuestionnaireResponse, now time.Time) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE questionnaire_invites SET answered_at = $3
			WHERE appointment_id = $1 AND time_point = $2 AND answered_at IS NULL`, appointmentID, tp, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: answer questionnaire: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			if _, err := planOf(ctx, t, appointmentID); err != nil {
				return err
			}
			return clinic.Errorf(clinic.EConflict, "This questionnaire has been answered already. Thank you.")
		}
		if len(rs) == 0 {
			return nil
		}
		return t.insertResponses(ctx, rs)
	})
}
