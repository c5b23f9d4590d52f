package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"clinic"
)

// linkedTables are the tables whose rows name a patient record.
var linkedTables = []string{"appointments", "review_requests", "questionnaire_responses", "triage_results", "contact_messages",
	"message_threads", "portal_accounts", "previsit_forms", "portal_guardians"}

// LinkRecords gives appointments and submitted review requests without a
// patient their record, up to limit of each, under one lock so that two
// instances never make two records of one booking. Matching never merges:
// a new record resembling others gets a possible-duplicates pair for each.
// Questionnaire responses and triage results follow their appointment.
func (db *DB) LinkRecords(ctx context.Context, limit int) (int, error) {
	if db.sealer == nil {
		return 0, errNoSealer()
	}
	n := 0
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		n = 0
		if err := t.lock(ctx, "patient link"); err != nil {
			return err
		}
		as, err := queryRows(ctx, t, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
			WHERE patient_id IS NULL AND type_slug <> $1 ORDER BY id LIMIT `+strconv.Itoa(limit), clinic.BlockType)
		if err != nil {
			return fmt.Errorf("store: appointments to link: %w", err)
		}
		for _, a := range as {
			if err := t.linkAppointment(ctx, a); err != nil {
				return err
			}
		}
		qs, err := queryRows(ctx, t, db.scanReview, `SELECT `+reviewColumns+reviewFrom+`
			WHERE r.patient_id IS NULL AND r.status <> $1 ORDER BY r.id LIMIT `+strconv.Itoa(limit), clinic.ReviewUploading)
		if err != nil {
			return fmt.Errorf("store: reviews to link: %w", err)
		}
		for _, q := range qs {
			p := clinic.PatientFromDetails(clinic.PatientDetails{Name: q.Name, DateOfBirth: q.BirthDate, Phone: q.Phone, Email: q.Email})
			if err := t.linkRow(ctx, "review_requests", q.ID, p); err != nil {
				return err
			}
		}
		n = len(as) + len(qs)
		return t.linkFollowers(ctx)
	})
	return n, err
}

// linkAppointment links a booking made from a chart to that chart's
// record, and any other by matching.
func (t *tx) linkAppointment(ctx context.Context, a *clinic.Appointment) error {
	if pid := t.db.chartKeyPatient(a.IdempotencyKey); pid != 0 {
		res, err := t.ExecContext(ctx, `UPDATE appointments SET patient_id = (SELECT coalesce(merged_into, id) FROM patients WHERE id = $1)
			WHERE id = $2 AND EXISTS (SELECT 1 FROM patients WHERE id = $1)`, pid, a.ID)
		if err != nil {
			return fmt.Errorf("store: link a chart's booking: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
	}
	return t.linkRow(ctx, "appointments", a.ID, clinic.PatientFromDetails(a.Patient))
}

// linkRow links one row of table to the record of p.
func (t *tx) linkRow(ctx context.Context, table string, id int64, p *clinic.Patient) error {
	pid, err := t.matchOrCreate(ctx, p)
	if err != nil {
		return err
	}
	if _, err := t.ExecContext(ctx, `UPDATE `+table+` SET patient_id = $1 WHERE id = $2`, pid, id); err != nil {
		return fmt.Errorf("store: link %s %d: %w", table, id, err)
	}
	return nil
}

// linkFollowers links questionnaire responses and triage results to the
// record of their appointment.
func (t *tx) linkFollowers(ctx context.Context) error {
	for _, table := range []string{"questionnaire_responses", "triage_results"} {
		_, err := t.ExecContext(ctx, `UPDATE `+table+` SET patient_id = (SELECT a.patient_id FROM appointments a
			WHERE a.id = `+table+`.appointment_id) WHERE patient_id IS NULL AND appointment_id IS NOT NULL`)
		if err != nil {
			return fmt.Errorf("store: link %s: %w", table, err)
		}
	}
	return nil
}

// matchOrCreate returns the record p belongs to: an existing record with
// the same email and date of birth when both emails are verified, else a
// new record, paired with each record it resembles.
func (t *tx) matchOrCreate(ctx context.Context, p *clinic.Patient) (int64, error) {
	cands, err := t.candidates(ctx, p)
	if err != nil {
		return 0, err
	}
	ids := make([]int64, 0, len(cands))
	for id := range cands {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if !p.EmailVerifiedAt.IsZero() {
		for _, id := range ids {
			if c := cands[id]; c.verified && slices.Contains(c.reasons, clinic.MatchIdentity) {
				return id, nil
			}
		}
	}
	if err := t.insertPatient(ctx, p); err != nil {
		return 0, err
	}
	for _, id := range ids {
		_, err := t.ExecContext(ctx, `INSERT INTO patient_duplicates (patient_id, other_id, reasons, status, created_at)
			VALUES ($1, $2, $3, 'open', $4) ON CONFLICT DO NOTHING`,
			p.ID, id, strings.Join(cands[id].reasons, "; "), t.d.timeArg(t.now))
		if err != nil {
			return 0, fmt.Errorf("store: record a possible duplicate: %w", err)
		}
	}
	return p.ID, nil
}

// candidate is a record that resembles another, and why.
type candidate struct {
	reasons  []string
	verified bool
}

// candidates finds the records (as the records they were merged into)
// that share p's email and date of birth, name and date of birth, email
// or phone number, through the blind index.
func (t *tx) candidates(ctx context.Context, p *clinic.Patient) (map[int64]*candidate, error) {
	kinds := map[string]string{}
	for _, term := range p.IndexTerms() {
		kind, _, _ := strings.Cut(term, ":")
		if kind != clinic.TermName {
			kinds[t.db.termHash(term)] = kind
		}
	}
	args := make([]any, 0, len(kinds))
	ph := make([]string, 0, len(kinds))
	for h := range kinds {
		args = append(args, h)
		ph = append(ph, "$"+strconv.Itoa(len(args)))
	}
	rows, err := t.QueryContext(ctx, `SELECT i.term_hash, coalesce(p.merged_into, p.id),
			(SELECT r.email_verified_at IS NOT NULL FROM patients r WHERE r.id = coalesce(p.merged_into, p.id))
		FROM patient_index i JOIN patients p ON p.id = i.patient_id
		WHERE i.term_hash IN (`+strings.Join(ph, ", ")+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: find matching patients: %w", err)
	}
	defer rows.Close()
	found := map[int64]map[string]bool{}
	verified := map[int64]bool{}
	for rows.Next() {
		var h string
		var id int64
		var v bool
		if err := rows.Scan(&h, &id, &v); err != nil {
			return nil, fmt.Errorf("store: find matching patients: %w", err)
		}
		if found[id] == nil {
			found[id] = map[string]bool{}
		}
		found[id][kinds[h]], verified[id] = true, v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: find matching patients: %w", err)
	}
	out := map[int64]*candidate{}
	for id, k := range found {
		if rs := matchReasons(k); len(rs) > 0 {
			out[id] = &candidate{reasons: rs, verified: verified[id]}
		}
	}
	return out, nil
}

// matchReasons says why two records that share the kinds of term k may
// be one person's; none when a date of birth alone is shared.
func matchReasons(k map[string]bool) []string {
	var rs []string
	switch {
	case k[clinic.TermEmail] && k[clinic.TermDOB]:
		rs = append(rs, clinic.MatchIdentity)
	case k[clinic.TermEmail]:
		rs = append(rs, clinic.MatchEmail)
	}
	if k[clinic.TermFullName] && k[clinic.TermDOB] {
		rs = append(rs, clinic.MatchNameDOB)
	}
	if k[clinic.TermPhone] {
		rs = append(rs, clinic.MatchPhone)
	}
	return rs
}
