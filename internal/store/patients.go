package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"clinic"
)

var _ clinic.PatientService = (*DB)(nil)

// patientPHI is what a patient record keeps sealed.
type patientPHI struct {
	Name             string `json:"n"`
	DateOfBirth      string `json:"d"`
	Phone            string `json:"p,omitempty"`
	Email            string `json:"e,omitempty"`
	Address          string `json:"a,omitempty"`
	PreferredContact string `json:"c,omitempty"`
}

const patientColumns = `id, sealed, email_verified_at, merged_into, merge_confirmed, created_at, updated_at`

func (db *DB) scanPatient(s scanner) (*clinic.Patient, error) {
	p := &clinic.Patient{}
	var sealed []byte
	var merged *int64
	var confirmed int
	err := s.Scan(&p.ID, &sealed, timeCol{&p.EmailVerifiedAt}, &merged, &confirmed, timeCol{&p.CreatedAt}, timeCol{&p.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if merged != nil {
		p.MergedInto = *merged
	}
	p.MergeConfirmed = confirmed == 1
	var phi patientPHI
	if err := db.openJSON(sealed, &phi); err != nil {
		return nil, fmt.Errorf("store: open patient %d: %w", p.ID, err)
	}
	p.Name, p.DateOfBirth, p.Phone, p.Email = phi.Name, phi.DateOfBirth, phi.Phone, phi.Email
	p.Address, p.PreferredContact = phi.Address, phi.PreferredContact
	return p, nil
}

func (db *DB) sealPatient(p *clinic.Patient) ([]byte, error) {
	b, err := json.Marshal(patientPHI{p.Name, p.DateOfBirth, p.Phone, p.Email, p.Address, p.PreferredContact})
	if err != nil {
		return nil, fmt.Errorf("store: seal patient: %w", err)
	}
	return db.sealer.Seal(b), nil
}

// termHash is the stored form of a blind-index term: a keyed hash, so
// that the index tells nothing without the key.
func (db *DB) termHash(term string) string { return db.sealer.Hash("patient term " + term) }

// identityHash is the keyed hash of a record's email and date of birth,
// the same as an appointment's patient_hash.
func (db *DB) identityHash(p *clinic.Patient) any {
	return db.patientHash(clinic.PatientDetails{Email: p.Email, DateOfBirth: p.DateOfBirth})
}

// CreatePatient stores a new record, sealed, with its blind index.
func (db *DB) CreatePatient(ctx context.Context, p *clinic.Patient) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.insertPatient(ctx, p); err != nil {
			return err
		}
		recordCreated(ctx, "patient", p.ID)
		return nil
	})
}

func (t *tx) insertPatient(ctx context.Context, p *clinic.Patient) error {
	sealed, err := t.db.sealPatient(p)
	if err != nil {
		return err
	}
	err = t.QueryRowContext(ctx, `INSERT INTO patients (sealed, identity_hash, email_verified_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`,
		sealed, t.db.identityHash(p), t.d.timeArg(p.EmailVerifiedAt), t.d.timeArg(t.now)).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("store: create patient: %w", err)
	}
	p.CreatedAt, p.UpdatedAt = t.now, t.now
	return t.indexPatient(ctx, p.ID, p.IndexTerms())
}

// indexPatient replaces the blind index of a record with terms.
func (t *tx) indexPatient(ctx context.Context, id int64, terms []string) error {
	if _, err := t.ExecContext(ctx, `DELETE FROM patient_index WHERE patient_id = $1`, id); err != nil {
		return fmt.Errorf("store: index patient: %w", err)
	}
	if len(terms) == 0 {
		return nil
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO patient_index (term_hash, patient_id) VALUES `)
	args := []any{id}
	for i, term := range terms {
		if i > 0 {
			b.WriteString(", ")
		}
		args = append(args, t.db.termHash(term))
		fmt.Fprintf(&b, "($%d, $1)", len(args))
	}
	b.WriteString(` ON CONFLICT DO NOTHING`)
	if _, err := t.ExecContext(ctx, b.String(), args...); err != nil {
		return fmt.Errorf("store: index patient: %w", err)
	}
	return nil
}

// Patient returns one record, unsealed.
func (db *DB) Patient(ctx context.Context, id int64) (*clinic.Patient, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	ps, err := queryRows(ctx, db.read, db.scanPatient, `SELECT `+patientColumns+` FROM patients WHERE id = $1`, id)
	return one(ps, err, "patient "+strconv.FormatInt(id, 10))
}

// UpdatePatient stores p's details; a new email address is not verified
// until the patient opens a link sent to it.
func (db *DB) UpdatePatient(ctx context.Context, p *clinic.Patient) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	sealed, err := db.sealPatient(p)
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error { return t.updatePatient(ctx, p, sealed) })
}

// updatePatient stores p's sealed details within a transaction.
func (t *tx) updatePatient(ctx context.Context, p *clinic.Patient, sealed []byte) error {
	old, err := queryRows(ctx, t, t.db.scanPatient, `SELECT `+patientColumns+` FROM patients WHERE id = $1`, p.ID)
	if _, err := one(old, err, "patient "+strconv.FormatInt(p.ID, 10)); err != nil {
		return err
	}
	verified := old[0].EmailVerifiedAt
	if clinic.NormalizeEmail(old[0].Email) != clinic.NormalizeEmail(p.Email) {
		verified = time.Time{}
	}
	_, err = t.ExecContext(ctx, `UPDATE patients SET sealed = $2, identity_hash = $3, email_verified_at = $4,
		updated_at = $5 WHERE id = $1`, p.ID, sealed, t.db.identityHash(p), t.d.timeArg(verified), t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: update patient: %w", err)
	}
	p.EmailVerifiedAt, p.UpdatedAt = verified, t.now
	return t.indexPatient(ctx, p.ID, p.IndexTerms())
}

// SearchPatients finds the records that have every term of the query, as
// the records they were merged into, sorted by name.
func (db *DB) SearchPatients(ctx context.Context, q string, limit int) ([]*clinic.Patient, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	terms, problem := clinic.SearchTerms(q)
	if problem != "" {
		return nil, clinic.Errorf(clinic.EInvalid, "%s", problem)
	}
	ids, err := db.matchTerms(ctx, db.read, terms, limit)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	roots, err := queryRows(ctx, db.read, scanInt64, `SELECT DISTINCT coalesce(merged_into, id) FROM patients WHERE id IN `+inList(ids))
	if err != nil {
		return nil, fmt.Errorf("store: patient search: %w", err)
	}
	ps, err := db.patientsByID(ctx, db.read, `id IN `+inList(roots))
	if err != nil {
		return nil, err
	}
	slices.SortFunc(ps, func(a, b *clinic.Patient) int {
		return strings.Compare(strings.Join(clinic.NameWords(a.Name), " "), strings.Join(clinic.NameWords(b.Name), " "))
	})
	return ps, nil
}

// matchTerms returns the ids of up to limit records that have every
// term: a join of the index with itself, one probe of its primary key
// per term and candidate, which stops at limit however common the first
// term is.
func (db *DB) matchTerms(ctx context.Context, q querier, terms []string, limit int) ([]int64, error) {
	// The longest term first: a longer word or prefix is shared by fewer
	// records, so fewer candidates are probed for the others.
	terms = slices.Clone(terms)
	slices.SortStableFunc(terms, func(a, b string) int { return len(b) - len(a) })
	var args []any
	for _, term := range terms {
		if h := db.termHash(term); !slices.Contains(args, any(h)) {
			args = append(args, h)
		}
	}
	var b strings.Builder
	b.WriteString(`SELECT t1.patient_id FROM patient_index t1`)
	for i := 2; i <= len(args); i++ {
		fmt.Fprintf(&b, ` JOIN patient_index t%d ON t%d.term_hash = $%d AND t%d.patient_id = t1.patient_id`, i, i, i, i)
	}
	b.WriteString(` WHERE t1.term_hash = $1 ORDER BY t1.patient_id LIMIT ` + strconv.Itoa(max(limit, 1)))
	ids, err := queryRows(ctx, q, scanInt64, b.String(), args...)
	return list(ids, err, "patient search")
}

func scanInt64(s scanner) (int64, error) {
	var v int64
	err := s.Scan(&v)
	return v, err
}

// inList is ids as a SQL list of integers; ids are ours, never input.
func inList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// patientsByID reads the records that where selects, unsealed.
func (db *DB) patientsByID(ctx context.Context, q querier, where string, args ...any) ([]*clinic.Patient, error) {
	ps, err := queryRows(ctx, q, db.scanPatient, `SELECT `+patientColumns+` FROM patients WHERE `+where+` ORDER BY id`, args...)
	return list(ps, err, "patients")
}
