package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

// dueRow is one unanswered, unreminded time point of a plan still running.
type dueRow struct {
	appt       int64
	start      time.Time
	status     string
	consent    time.Time
	tp         int
	sent       time.Time
	remindedAt time.Time
}

// Actions on a time point.
const (
	dueNone = iota
	dueInvite
	dueRemind
)

// dueAction says what a time point needs now: the baseline is asked for
// once consent is given and before the procedure; a follow-up once the
// procedure is completed and its time has come, unless more than a month
// late; a reminder once, a week after an invitation (for the baseline,
// only while the procedure is still to come).
func dueAction(r dueRow, now time.Time) int {
	var due time.Time
	switch {
	case r.status == clinic.ApptCancelled || r.status == clinic.ApptNoShow:
		return dueNone
	case r.tp == clinic.TimeBaseline:
		if !now.Before(r.start) {
			return dueNone
		}
		due = r.consent
	case r.status != clinic.ApptCompleted:
		return dueNone
	default:
		due = r.start.Add(clinic.QuestionnaireAfter[r.tp])
	}
	if r.sent.IsZero() {
		if !now.Before(due) && now.Before(due.Add(clinic.QuestionnaireLateAfter)) {
			return dueInvite
		}
		return dueNone
	}
	if !now.Before(r.sent.Add(clinic.QuestionnaireRemindAfter)) {
		return dueRemind
	}
	return dueNone
}

// QueueDueQuestionnaires queues what dueAction says, under one lock; each
// invitation and reminder is marked in its row as it is queued, so that it
// goes once whichever instance gets there first.
func (db *DB) QueueDueQuestionnaires(ctx context.Context, now time.Time) (int, error) {
	n := 0
	err := db.inTx(ctx, normTime(now), func(t *tx) error {
		n = 0
		if err := t.lock(ctx, "questionnaires"); err != nil {
			return err
		}
		rows, err := t.dueRows(ctx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			queued, err := t.act(ctx, r, dueAction(r, t.now))
			if err != nil {
				return err
			}
			n += queued
		}
		return nil
	})
	return n, err
}

func (t *tx) dueRows(ctx context.Context) ([]dueRow, error) {
	rows, err := t.QueryContext(ctx, `SELECT p.appointment_id, a.starts_at, a.status, p.consent_at, i.time_point, i.sent_at, i.reminded_at
		FROM questionnaire_plans p
		JOIN appointments a ON a.id = p.appointment_id
		JOIN questionnaire_invites i ON i.appointment_id = p.appointment_id
		WHERE p.opted_out_at IS NULL AND i.answered_at IS NULL AND i.reminded_at IS NULL
		ORDER BY p.appointment_id, i.time_point`)
	if err != nil {
		return nil, fmt.Errorf("store: due questionnaires: %w", err)
	}
	defer rows.Close()
	var out []dueRow
	for rows.Next() {
		var r dueRow
		if err := rows.Scan(&r.appt, timeCol{&r.start}, &r.status, timeCol{&r.consent}, &r.tp, timeCol{&r.sent}, timeCol{&r.remindedAt}); err != nil {
			return nil, fmt.Errorf("store: due questionnaires: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// act marks and queues one invitation or reminder, and reports 1 when it
// did.
func (t *tx) act(ctx context.Context, r dueRow, action int) (int, error) {
	var q, kind string
	switch action {
	case dueInvite:
		q, kind = `UPDATE questionnaire_invites SET sent_at = $3 WHERE appointment_id = $1 AND time_point = $2 AND sent_at IS NULL`, clinic.MailQuestionnaire
	case dueRemind:
		q, kind = `UPDATE questionnaire_invites SET reminded_at = $3 WHERE appointment_id = $1 AND time_point = $2 AND reminded_at IS NULL AND sent_at IS NOT NULL`, clinic.MailQuestionnaireReminder
	default:
		return 0, nil
	}
	res, err := t.ExecContext(ctx, q, r.appt, r.tp, t.d.timeArg(t.now))
	if err != nil {
		return 0, fmt.Errorf("store: queue questionnaire: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, nil
	}
	return 1, t.queueAbout(ctx, r.appt, kind+":"+strconv.Itoa(r.tp), t.now)
}
