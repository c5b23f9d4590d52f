package store

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"clinic"
)

var _ clinic.OutcomesService = (*DB)(nil)

// responsePHI is what a questionnaire response holds of a person's
// health: stored only sealed.
type responsePHI struct {
	Items map[string]int `json:"items,omitempty"`
	Score float64        `json:"score"`
}

// responseBatch is how many responses one INSERT writes: 8 parameters
// each, far below either database's limit.
const responseBatch = 500

// AddResponses stores responses, sealed, in one transaction.
func (db *DB) AddResponses(ctx context.Context, rs []*clinic.QuestionnaireResponse) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		for start := 0; start < len(rs); start += responseBatch {
			if err := t.insertResponses(ctx, rs[start:min(start+responseBatch, len(rs))]); err != nil {
				return err
			}
		}
		return nil
	})
}

const insertResponse = `INSERT INTO questionnaire_responses (patient_key, treatment, appointment_id, instrument, time_point, sealed, synthetic, answered_at) VALUES `

// insertResponses writes responses with one multi-row INSERT.
func (t *tx) insertResponses(ctx context.Context, rs []*clinic.QuestionnaireResponse) error {
	var q strings.Builder
	q.WriteString(insertResponse)
	args := make([]any, 0, 8*len(rs))
	for i, r := range rs {
		row, err := t.responseArgs(i, r)
		if err != nil {
			return err
		}
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(t.rowPlaceholders(len(args) + 1))
		args = append(args, row...)
	}
	_, err := t.ExecContext(ctx, q.String(), args...)
	return responseError(err)
}

// rowPlaceholders are the parameters of one row of 8 columns from $from.
// SQLite gets anonymous ones: it looks numbered parameters up one by one,
// which makes a statement of thousands of them slow to parse.
func (t *tx) rowPlaceholders(from int) string {
	if t.d.name == "sqlite" {
		return "(?, ?, ?, ?, ?, ?, ?, ?)"
	}
	return "(" + placeholders(from, 8) + ")"
}

// responseArgs checks response i and returns its columns, sealed.
func (t *tx) responseArgs(i int, r *clinic.QuestionnaireResponse) ([]any, error) {
	if r.Time < clinic.TimeBaseline || r.Time >= clinic.NumTimes || r.PatientKey == "" || r.Treatment == "" || r.Instrument == "" {
		return nil, clinic.Errorf(clinic.EInvalid, "response %d needs a patient, a treatment, an instrument and a time point", i)
	}
	plain, err := json.Marshal(responsePHI{Items: r.Items, Score: r.Score})
	if err != nil {
		return nil, fmt.Errorf("store: add responses: %w", err)
	}
	var appt any
	if r.AppointmentID != 0 {
		appt = r.AppointmentID
	}
	return []any{r.PatientKey, r.Treatment, appt, r.Instrument, r.Time, t.db.sealer.Seal(plain), r.Synthetic, t.d.timeArg(r.AnsweredAt)}, nil
}

func responseError(err error) error {
	switch {
	case err == nil:
		return nil
	case isUnique(err):
		return clinic.Errorf(clinic.EConflict, "A response for this patient, treatment, questionnaire and time is already there.")
	case isForeignKey(err):
		return clinic.Errorf(clinic.ENotFound, "A response names an appointment that does not exist.")
	}
	return fmt.Errorf("store: add responses: %w", err)
}

const responseColumns = `id, patient_key, treatment, appointment_id, instrument, time_point, sealed, synthetic, answered_at`

// Responses returns every real or every synthetic response, unsealed.
func (db *DB) Responses(ctx context.Context, synthetic bool) ([]*clinic.QuestionnaireResponse, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	rs, err := queryRows(ctx, db.read, db.scanResponse, `SELECT `+responseColumns+` FROM questionnaire_responses
		WHERE synthetic = $1 ORDER BY id`, synthetic)
	return list(rs, err, "questionnaire responses")
}

// AppointmentResponses returns the responses given for the course of
// treatment of one appointment, by time point.
func (db *DB) AppointmentResponses(ctx context.Context, appointmentID int64) ([]*clinic.QuestionnaireResponse, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	rs, err := queryRows(ctx, db.read, db.scanResponse, `SELECT `+responseColumns+` FROM questionnaire_responses
		WHERE appointment_id = $1 ORDER BY time_point, instrument`, appointmentID)
	return list(rs, err, "appointment responses")
}

func (db *DB) scanResponse(r scanner) (*clinic.QuestionnaireResponse, error) {
	q := &clinic.QuestionnaireResponse{}
	var appt *int64
	var sealed []byte
	if err := r.Scan(&q.ID, &q.PatientKey, &q.Treatment, &appt, &q.Instrument, &q.Time, &sealed, &q.Synthetic, timeCol{&q.AnsweredAt}); err != nil {
		return nil, err
	}
	if appt != nil {
		q.AppointmentID = *appt
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("response %d: %w", q.ID, err)
	}
	var phi responsePHI
	if err := json.Unmarshal(plain, &phi); err != nil {
		return nil, fmt.Errorf("response %d: %w", q.ID, err)
	}
	q.Items, q.Score = phi.Items, phi.Score
	return q, nil
}

// CountResponses counts the real and the synthetic responses.
func (db *DB) CountResponses(ctx context.Context) (real, synthetic int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM questionnaire_responses WHERE synthetic = $1),
		(SELECT count(*) FROM questionnaire_responses WHERE synthetic = $2)`, false, true).Scan(&real, &synthetic)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count responses: %w", err)
	}
	return real, synthetic, nil
}

// ClaimOutcomesRun takes the run of key unless it finished or another
// holder's lease still runs. Claims serialise on one lock (the write lock
// on SQLite, an advisory lock on PostgreSQL), and the run's primary key
// is the last word.
func (db *DB) ClaimOutcomesRun(ctx context.Context, key string, now time.Time, lease time.Duration) (clinic.OutcomesRun, bool, error) {
	run := clinic.OutcomesRun{Key: key, Token: rand.Text()}
	var ok bool
	err := db.inTx(ctx, normTime(now), func(t *tx) error {
		if err := t.lock(ctx, "outcomes run"); err != nil {
			return err
		}
		var until, finished time.Time
		err := t.QueryRowContext(ctx, `SELECT lease_until, finished_at FROM outcome_runs WHERE run_key = $1`, key).
			Scan(timeCol{&until}, timeCol{&finished})
		switch {
		case isNoRows(err):
			_, err = t.ExecContext(ctx, `INSERT INTO outcome_runs (run_key, token, lease_until, started_at) VALUES ($1, $2, $3, $4)`,
				key, run.Token, t.d.timeArg(t.now.Add(lease)), t.d.timeArg(t.now))
		case err != nil || !finished.IsZero() || until.After(t.now):
			return err // finished, or held by another
		default: // the holder's lease ran out: it died or hangs
			_, err = t.ExecContext(ctx, `UPDATE outcome_runs SET token = $2, lease_until = $3, started_at = $4 WHERE run_key = $1`,
				key, run.Token, t.d.timeArg(t.now.Add(lease)), t.d.timeArg(t.now))
		}
		ok = err == nil
		return err
	})
	if err != nil && isUnique(err) {
		return clinic.OutcomesRun{}, false, nil
	}
	if err != nil {
		return clinic.OutcomesRun{}, false, fmt.Errorf("store: claim outcomes run %s: %w", key, err)
	}
	return run, ok, nil
}

// FinishOutcomesRun stores the figures of a run still held and marks it
// finished, and bumps the content version so that every instance's
// cached pages show them.
func (db *DB) FinishOutcomesRun(ctx context.Context, run clinic.OutcomesRun, report []byte, now time.Time) error {
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		if err := t.lock(ctx, "outcomes run"); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `UPDATE outcome_runs SET finished_at = $3
			WHERE run_key = $1 AND token = $2 AND finished_at IS NULL`, run.Key, run.Token, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: finish outcomes run: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.EConflict, "The outcomes run %s was taken over or finished by another instance.", run.Key)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO outcome_reports (id, report, run_key, computed_at) VALUES (1, $1, $2, $3)
			ON CONFLICT (id) DO UPDATE SET report = excluded.report, run_key = excluded.run_key, computed_at = excluded.computed_at`,
			string(report), run.Key, t.d.timeArg(t.now))
		if err != nil {
			return fmt.Errorf("store: store outcomes: %w", err)
		}
		_, err = t.bumpVersion(ctx)
		return err
	})
}

// OutcomesReport returns the figures last stored and when.
func (db *DB) OutcomesReport(ctx context.Context) ([]byte, time.Time, error) {
	var report string
	var at time.Time
	err := db.read.QueryRowContext(ctx, `SELECT report, computed_at FROM outcome_reports WHERE id = 1`).Scan(&report, timeCol{&at})
	if isNoRows(err) {
		return nil, time.Time{}, notFound("outcome figures")
	}
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: outcomes report: %w", err)
	}
	return []byte(report), at, nil
}
