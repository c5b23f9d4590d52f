package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"clinic"
)

var _ clinic.PreVisitService = (*DB)(nil)

const formColumns = `f.id, f.patient_id, f.account_id, f.kind, f.sealed, f.status, f.created_at, f.reviewed_at, f.reviewed_by, COALESCE(u.name, '')`

const formFrom = ` FROM previsit_forms f LEFT JOIN users u ON u.id = f.reviewed_by`

func (db *DB) scanForm(s scanner) (*clinic.FormSubmission, error) {
	f := &clinic.FormSubmission{}
	var account, by *int64
	var sealed []byte
	err := s.Scan(&f.ID, &f.PatientID, &account, &f.Kind, &sealed, &f.Status, timeCol{&f.CreatedAt}, timeCol{&f.ReviewedAt}, &by, &f.Reviewer)
	if err != nil {
		return nil, err
	}
	if account != nil {
		f.AccountID = *account
	}
	if by != nil {
		f.ReviewedBy = *by
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return nil, fmt.Errorf("store: open form %d: %w", f.ID, err)
	}
	if err := json.Unmarshal(plain, &f.Answers); err != nil {
		return nil, fmt.Errorf("store: read form %d: %w", f.ID, err)
	}
	return f, nil
}

// SubmitForm stores a form a patient sent, sealed, and records the
// photos it names.
func (db *DB) SubmitForm(ctx context.Context, f *clinic.FormSubmission) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	plain, err := json.Marshal(f.Answers)
	if err != nil {
		return fmt.Errorf("store: submit a form: %w", err)
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var account any
		if f.AccountID != 0 {
			account = f.AccountID
		}
		f.Status, f.CreatedAt = clinic.FormNew, t.now
		err := t.QueryRowContext(ctx, `INSERT INTO previsit_forms (patient_id, account_id, kind, sealed, created_at)
			VALUES ($1, $2, $3, $4, $5) RETURNING id`, f.PatientID, account, f.Kind, db.sealer.Seal(plain), t.d.timeArg(t.now)).Scan(&f.ID)
		if err != nil {
			return fmt.Errorf("store: submit a form: %w", err)
		}
		for _, ff := range []*clinic.FormFile{f.Answers.CardFront, f.Answers.CardBack} {
			if ff == nil {
				continue
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO previsit_files (blob, form_id, blob_sha256) VALUES ($1, $2, $3)`, ff.Blob, f.ID, ff.SHA256); err != nil {
				return fmt.Errorf("store: submit a form: %w", err)
			}
		}
		recordCreated(ctx, "form", f.ID)
		return nil
	})
}

// PatientForms lists a patient's forms, newest first.
func (db *DB) PatientForms(ctx context.Context, patientID int64) ([]*clinic.FormSubmission, error) {
	fs, err := queryRows(ctx, db.read, db.scanForm, `SELECT `+formColumns+formFrom+` WHERE f.patient_id = $1 ORDER BY f.id DESC`, patientID)
	return list(fs, err, "forms")
}

// Form returns one of a patient's forms.
func (db *DB) Form(ctx context.Context, patientID, id int64) (*clinic.FormSubmission, error) {
	fs, err := queryRows(ctx, db.read, db.scanForm, `SELECT `+formColumns+formFrom+` WHERE f.id = $1 AND f.patient_id = $2`, id, patientID)
	return one(fs, err, "form "+strconv.FormatInt(id, 10))
}

// AcceptForm takes a new form into the record, in one transaction with
// its audit event; contact details change the patient's record and its
// blind indexes.
func (db *DB) AcceptForm(ctx context.Context, patientID, id, by int64) error {
	f, err := db.Form(ctx, patientID, id)
	if err != nil {
		return err
	}
	var p *clinic.Patient
	var sealed []byte
	if f.Kind == clinic.FormContact {
		if p, err = db.Patient(ctx, patientID); err != nil {
			return err
		}
		p.Phone, p.Email, p.Address, p.PreferredContact = f.Answers.Phone, f.Answers.Email, f.Answers.Address, f.Answers.PreferredContact
		if sealed, err = db.sealPatient(p); err != nil {
			return err
		}
	}
	var reviewer any
	if by != 0 {
		reviewer = by
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE previsit_forms SET status = 'accepted', reviewed_at = $3, reviewed_by = $4
			WHERE id = $1 AND patient_id = $2 AND status = 'new'`, id, patientID, t.d.timeArg(t.now), reviewer)
		if err != nil {
			return fmt.Errorf("store: accept a form: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.EConflict, "This form was accepted already.")
		}
		if p != nil {
			return t.updatePatient(ctx, p, sealed)
		}
		return nil
	})
}
