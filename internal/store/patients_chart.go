package store

import (
	"context"
	"fmt"

	"clinic"
)

// PatientChart reads everything linked to a record and to the records
// merged into it: appointments (newest first), review requests with their
// findings, questionnaire responses, triage answers and contact messages.
func (db *DB) PatientChart(ctx context.Context, id int64) (*clinic.PatientChart, error) {
	p, err := db.Patient(ctx, id)
	if err != nil {
		return nil, err
	}
	c := &clinic.PatientChart{Patient: p, Findings: map[int64]*clinic.ReviewFindings{}}
	if c.Merged, err = db.patientsByID(ctx, db.read, `merged_into = $1`, id); err != nil {
		return nil, err
	}
	ids := []int64{id}
	for _, m := range c.Merged {
		ids = append(ids, m.ID)
	}
	in := inList(ids)
	if c.Appointments, err = queryRows(ctx, db.read, db.scanAppointment, `SELECT `+appointmentColumns+` FROM appointments
		WHERE patient_id IN `+in+` ORDER BY starts_at DESC, id DESC`); err != nil {
		return nil, fmt.Errorf("store: chart appointments: %w", err)
	}
	if err := db.chartReviews(ctx, c, in); err != nil {
		return nil, err
	}
	if c.Responses, err = queryRows(ctx, db.read, db.scanResponse, `SELECT `+responseColumns+` FROM questionnaire_responses
		WHERE patient_id IN `+in+` ORDER BY answered_at, id`); err != nil {
		return nil, fmt.Errorf("store: chart responses: %w", err)
	}
	if c.Messages, err = queryRows(ctx, db.read, db.scanContact, `SELECT id, sealed, status, created_at FROM contact_messages
		WHERE patient_id IN `+in+` ORDER BY created_at DESC, id DESC`); err != nil {
		return nil, fmt.Errorf("store: chart messages: %w", err)
	}
	return c, db.chartTriage(ctx, c, in)
}

func (db *DB) chartReviews(ctx context.Context, c *clinic.PatientChart, in string) error {
	var err error
	if c.Reviews, err = queryRows(ctx, db.read, db.scanReview, `SELECT `+reviewColumns+reviewFrom+`
		WHERE r.patient_id IN `+in+` ORDER BY r.created_at DESC, r.id DESC`); err != nil {
		return fmt.Errorf("store: chart reviews: %w", err)
	}
	for _, q := range c.Reviews {
		f, err := db.Findings(ctx, q.ID)
		switch {
		case err == nil:
			c.Findings[q.ID] = f
		case clinic.ErrorKind(err) != clinic.ENotFound:
			return err
		}
	}
	return nil
}

func (db *DB) chartTriage(ctx context.Context, c *clinic.PatientChart, in string) error {
	ids, err := queryRows(ctx, db.read, scanInt64, `SELECT id FROM triage_results WHERE patient_id IN `+in+` ORDER BY created_at DESC, id DESC`)
	if err != nil {
		return fmt.Errorf("store: chart triage: %w", err)
	}
	for _, id := range ids {
		r, err := db.triageWhere(ctx, "id", id)
		if err != nil {
			return err
		}
		c.Triage = append(c.Triage, r)
	}
	return nil
}
