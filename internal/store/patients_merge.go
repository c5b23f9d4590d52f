package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"clinic"
)

// dupTransitions are the decisions staff may take on a pair in each
// state: a merge is undone or confirmed, keeping apart can be reopened.
var dupTransitions = map[string][]string{
	clinic.DupOpen:   {clinic.DupMerged, clinic.DupApart},
	clinic.DupMerged: {clinic.DupOpen, clinic.DupConfirmed},
	clinic.DupApart:  {clinic.DupOpen},
}

const dupColumns = `id, patient_id, other_id, reasons, status, decided_by, decided_at, created_at`

func scanDup(s scanner) (*clinic.DuplicatePair, error) {
	d := &clinic.DuplicatePair{}
	var reasons string
	var by *int64
	err := s.Scan(&d.ID, &d.Patient, &d.Other, &reasons, &d.Status, &by, timeCol{&d.DecidedAt}, timeCol{&d.CreatedAt})
	if by != nil {
		d.DecidedBy = *by
	}
	d.Reasons = strings.Split(reasons, "; ")
	return d, err
}

// Duplicates lists the pairs in a status (all when ""), oldest first,
// with both records.
func (db *DB) Duplicates(ctx context.Context, status string) ([]*clinic.DuplicatePair, error) {
	ds, err := queryRows(ctx, db.read, scanDup, `SELECT `+dupColumns+` FROM patient_duplicates
		WHERE $1 = '' OR status = $1 ORDER BY created_at, id LIMIT 500`, status)
	if err != nil {
		return nil, fmt.Errorf("store: possible duplicates: %w", err)
	}
	for _, d := range ds {
		if d.A, err = db.Patient(ctx, d.Patient); err != nil {
			return nil, err
		}
		if d.B, err = db.Patient(ctx, d.Other); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// DecideDuplicate takes staff's decision on a pair, under the linking
// lock, with the audit event the context carries.
func (db *DB) DecideDuplicate(ctx context.Context, id int64, status string, by int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "patient link"); err != nil {
			return err
		}
		ds, err := queryRows(ctx, t, scanDup, `SELECT `+dupColumns+` FROM patient_duplicates WHERE id = $1`, id)
		d, err := one(ds, err, "possible duplicate "+strconv.FormatInt(id, 10))
		if err != nil {
			return err
		}
		return t.decide(ctx, d, status, by)
	})
}

func (t *tx) decide(ctx context.Context, d *clinic.DuplicatePair, status string, by int64) error {
	allowed := false
	for _, s := range dupTransitions[d.Status] {
		allowed = allowed || s == status
	}
	if !allowed {
		return clinic.Errorf(clinic.EConflict, "This pair is %s: it cannot be %s now. Reload the list to see where it stands.", d.Status, status)
	}
	var err error
	switch {
	case status == clinic.DupMerged:
		err = t.merge(ctx, d.Patient, d.Other)
	case status == clinic.DupOpen && d.Status == clinic.DupMerged:
		_, err = t.ExecContext(ctx, `UPDATE patients SET merged_into = NULL, updated_at = $2 WHERE id = $1 AND merge_confirmed = 0`,
			d.Patient, t.d.timeArg(t.now))
	case status == clinic.DupConfirmed:
		err = t.confirmMerge(ctx, d.Patient, d.Other)
	}
	if err != nil {
		return err
	}
	var decider any
	if by != 0 {
		decider = by
	}
	_, err = t.ExecContext(ctx, `UPDATE patient_duplicates SET status = $2, decided_by = $3, decided_at = $4 WHERE id = $1`,
		d.ID, status, decider, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: decide on a possible duplicate: %w", err)
	}
	return nil
}

// merge makes record a part of record b, reversibly: both must be records
// of their own, and a must have no merge into it still to confirm.
func (t *tx) merge(ctx context.Context, a, b int64) error {
	var merged, pending int
	err := t.QueryRowContext(ctx, `SELECT
			(SELECT count(*) FROM patients WHERE id IN ($1, $2) AND merged_into IS NOT NULL),
			(SELECT count(*) FROM patients WHERE merged_into = $1 AND merge_confirmed = 0)`, a, b).Scan(&merged, &pending)
	if err != nil {
		return fmt.Errorf("store: merge patients: %w", err)
	}
	switch {
	case merged > 0:
		return clinic.Errorf(clinic.EConflict, "One of these records is already merged into another. Undo or confirm that merge first.")
	case pending > 0:
		return clinic.Errorf(clinic.EConflict, "Another record is merged into the newer one and not confirmed yet. Confirm or undo that merge first.")
	}
	_, err = t.ExecContext(ctx, `UPDATE patients SET merged_into = $2, updated_at = $3 WHERE id = $1`, a, b, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: merge patients: %w", err)
	}
	return nil
}

// confirmMerge makes a merge of a into b final: a's appointments,
// reviews, responses, answers and messages become b's, and a's index
// terms find b.
func (t *tx) confirmMerge(ctx context.Context, a, b int64) error {
	for _, table := range linkedTables {
		if _, err := t.ExecContext(ctx, `UPDATE `+table+` SET patient_id = $2 WHERE patient_id = $1`, a, b); err != nil {
			return fmt.Errorf("store: confirm a merge: %s: %w", table, err)
		}
	}
	for _, q := range []string{
		`INSERT INTO patient_index (term_hash, patient_id) SELECT term_hash, $2 FROM patient_index WHERE patient_id = $1 ON CONFLICT DO NOTHING`,
		`DELETE FROM patient_index WHERE patient_id = $1 AND $2 > 0`,
		`UPDATE patients SET merged_into = $2 WHERE merged_into = $1 AND merge_confirmed = 1`,
		`UPDATE patients SET merge_confirmed = 1 WHERE id = $1 AND merged_into = $2`,
	} {
		if _, err := t.ExecContext(ctx, q, a, b); err != nil {
			return fmt.Errorf("store: confirm a merge: %w", err)
		}
	}
	return nil
}

// VerifyPatientEmail records that the patient opened a link sent to the
// record's email, and merges, confirmed, every open pair of it whose two
// records now match exactly: the same email and date of birth, both
// verified. Each such merge is audited as the system's.
func (db *DB) VerifyPatientEmail(ctx context.Context, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "patient link"); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `UPDATE patients SET email_verified_at = coalesce(email_verified_at, $2) WHERE id = $1`,
			id, t.d.timeArg(t.now))
		if err := oneRow(res, err, "patient "+strconv.FormatInt(id, 10)); err != nil {
			return err
		}
		ds, err := queryRows(ctx, t, scanDup, `SELECT d.id, d.patient_id, d.other_id, d.reasons, d.status, d.decided_by, d.decided_at, d.created_at
			FROM patient_duplicates d JOIN patients a ON a.id = d.patient_id JOIN patients b ON b.id = d.other_id
			WHERE d.status = 'open' AND (d.patient_id = $1 OR d.other_id = $1) AND a.identity_hash = b.identity_hash
				AND a.email_verified_at IS NOT NULL AND b.email_verified_at IS NOT NULL
				AND a.merged_into IS NULL AND b.merged_into IS NULL ORDER BY d.id`, id)
		if err != nil {
			return fmt.Errorf("store: exact matches: %w", err)
		}
		for _, d := range ds {
			if err := t.autoMerge(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// autoMerge merges and confirms an exact verified match.
func (t *tx) autoMerge(ctx context.Context, d *clinic.DuplicatePair) error {
	if err := t.merge(ctx, d.Patient, d.Other); clinic.ErrorKind(err) == clinic.EConflict {
		return nil // left for staff
	} else if err != nil {
		return err
	}
	if err := t.confirmMerge(ctx, d.Patient, d.Other); err != nil {
		return err
	}
	_, err := t.ExecContext(ctx, `UPDATE patient_duplicates SET status = 'confirmed', decided_at = $2 WHERE id = $1`, d.ID, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: exact match: %w", err)
	}
	return t.appendAudit(ctx, &clinic.AuditEvent{Actor: "system", Action: "patient.merge",
		Record: idRec("patient", d.Other), Outcome: clinic.AuditOK,
		Detail: "exact verified match: patient:" + strconv.FormatInt(d.Patient, 10) + " merged, confirmed"})
}

func idRec(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }
