package store

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

// findingsPHI is what a provider wrote: sealed.
type findingsPHI struct {
	Findings       string   `json:"findings"`
	Recommendation string   `json:"recommendation"`
	Treatments     []string `json:"treatments,omitempty"`
	OfferBooking   bool     `json:"offer_booking,omitempty"`
}

// SaveFindings keeps a draft of the findings of a submitted request.
func (db *DB) SaveFindings(ctx context.Context, f *clinic.ReviewFindings) error {
	return db.writeFindings(ctx, f, false)
}

// SendFindings saves the findings, marks the request answered and queues
// the patient's notice that the review is ready.
func (db *DB) SendFindings(ctx context.Context, f *clinic.ReviewFindings) error {
	return db.writeFindings(ctx, f, true)
}

func (db *DB) writeFindings(ctx context.Context, f *clinic.ReviewFindings, send bool) error {
	sealed, err := db.sealJSON(findingsPHI{f.Findings, f.Recommendation, f.Treatments, f.OfferBooking})
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var status string
		err := t.QueryRowContext(ctx, `SELECT status FROM review_requests WHERE id = $1`, f.RequestID).Scan(&status)
		switch {
		case isNoRows(err):
			return notFound("review request " + strconv.FormatInt(f.RequestID, 10))
		case err != nil:
			return fmt.Errorf("store: save findings: %w", err)
		case status == clinic.ReviewUploading || status == clinic.ReviewClosed:
			return clinic.Errorf(clinic.EConflict, "Findings can be written only for a submitted request that is not closed.")
		}
		sent := any(nil)
		if send {
			sent = t.d.timeArg(t.now)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO review_findings (request_id, sealed, author_id, updated_at, sent_at)
			VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (request_id) DO UPDATE SET sealed = $2, author_id = $3, updated_at = $4,
				sent_at = COALESCE($5, review_findings.sent_at)`, f.RequestID, sealed, nullID(f.AuthorID), t.d.timeArg(t.now), sent)
		if err != nil {
			return fmt.Errorf("store: save findings: %w", err)
		}
		f.UpdatedAt = t.now
		if !send {
			return nil
		}
		f.SentAt = t.now
		if _, err := t.ExecContext(ctx, `UPDATE review_requests SET status = $2, answered_at = $3 WHERE id = $1`,
			f.RequestID, clinic.ReviewAnswered, t.d.timeArg(t.now)); err != nil {
			return fmt.Errorf("store: answer review: %w", err)
		}
		return t.queueReviewMail(ctx, f.RequestID, clinic.MailReviewReady)
	})
}

// nullID is id as a query argument, NULL when zero.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Findings returns the findings of a request, unsealed.
func (db *DB) Findings(ctx context.Context, requestID int64) (*clinic.ReviewFindings, error) {
	f := &clinic.ReviewFindings{RequestID: requestID}
	var sealed []byte
	var author *int64
	err := db.read.QueryRowContext(ctx, `SELECT f.sealed, f.author_id, COALESCE(u.name, ''), f.updated_at, f.sent_at
		FROM review_findings f LEFT JOIN users u ON u.id = f.author_id WHERE f.request_id = $1`, requestID).
		Scan(&sealed, &author, &f.AuthorName, timeCol{&f.UpdatedAt}, timeCol{&f.SentAt})
	if isNoRows(err) {
		return nil, notFound("findings")
	} else if err != nil {
		return nil, fmt.Errorf("store: findings: %w", err)
	}
	if author != nil {
		f.AuthorID = *author
	}
	var p findingsPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open findings: %w", err)
	}
	f.Findings, f.Recommendation, f.Treatments, f.OfferBooking = p.Findings, p.Recommendation, p.Treatments, p.OfferBooking
	return f, nil
}

// ClaimJob takes the job of key until now+lease, unless another instance
// holds it or it ran: a job's key names its run (a day's sweep), so each
// runs once, or again only after its holder's lease ran out.
func (db *DB) ClaimJob(ctx context.Context, key string, now time.Time, lease time.Duration) (bool, error) {
	var ok bool
	err := db.inTx(ctx, normTime(now), func(t *tx) error {
		if err := t.lock(ctx, "review job "+key); err != nil {
			return err
		}
		var until time.Time
		err := t.QueryRowContext(ctx, `SELECT lease_until FROM review_jobs WHERE job_key = $1`, key).Scan(timeCol{&until})
		switch {
		case isNoRows(err):
			_, err = t.ExecContext(ctx, `INSERT INTO review_jobs (job_key, lease_until, started_at) VALUES ($1, $2, $3)`,
				key, t.d.timeArg(t.now.Add(lease)), t.d.timeArg(t.now))
			ok = err == nil
			return err
		case err != nil:
			return err
		}
		return nil // held, or done: a job that finished keeps its row
	})
	if err != nil && isUnique(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: claim job %s: %w", key, err)
	}
	return ok, nil
}

// ExpiredReviews lists requests closed before before whose images are
// still kept, oldest first.
func (db *DB) ExpiredReviews(ctx context.Context, before time.Time) ([]int64, error) {
	ids, err := queryRows(ctx, db.read, func(s scanner) (int64, error) {
		var id int64
		return id, s.Scan(&id)
	}, `SELECT id FROM review_requests WHERE status = $1 AND closed_at < $2 AND images_deleted_at IS NULL ORDER BY closed_at`,
		clinic.ReviewClosed, db.d.timeArg(before))
	return list(ids, err, "expired reviews")
}

// blobsOf selects every blob of the requests the WHERE clause on r names.
const blobsOf = `SELECT p.blob FROM review_upload_parts p JOIN review_uploads u ON u.id = p.upload_id JOIN review_requests r ON r.id = u.request_id WHERE %[1]s
	UNION SELECT i.blob FROM review_instances i JOIN review_requests r ON r.id = i.request_id WHERE %[1]s
	UNION SELECT it.blob FROM review_items it JOIN review_requests r ON r.id = it.request_id WHERE it.blob IS NOT NULL AND %[1]s
	UNION SELECT se.thumb_blob FROM review_series se JOIN review_studies st ON st.id = se.study_id JOIN review_requests r ON r.id = st.request_id
		WHERE se.thumb_blob IS NOT NULL AND %[1]s`

// ReviewBlobs lists every blob a request's images and reports use.
func (db *DB) ReviewBlobs(ctx context.Context, requestID int64) ([]string, error) {
	names, err := queryRows(ctx, db.read, scanString, fmt.Sprintf(blobsOf, "r.id = $1"), requestID)
	return list(names, err, "review blobs")
}

// ForgetImages removes the records of a request's images and reports
// (studies and series stay, as words; findings stay) and marks them
// deleted. The caller deletes the blobs first.
func (db *DB) ForgetImages(ctx context.Context, requestID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		for _, q := range []string{
			`DELETE FROM review_instances WHERE request_id = $1`,
			`DELETE FROM review_upload_parts WHERE upload_id IN (SELECT id FROM review_uploads WHERE request_id = $1)`,
			`UPDATE review_items SET blob = NULL, blob_sha256 = NULL WHERE request_id = $1`,
			`UPDATE review_series SET thumb_blob = NULL, thumb_sha256 = NULL, thumb_instance = NULL
				WHERE study_id IN (SELECT id FROM review_studies WHERE request_id = $1)`,
		} {
			if _, err := t.ExecContext(ctx, q, requestID); err != nil {
				return fmt.Errorf("store: forget images: %w", err)
			}
		}
		res, err := t.ExecContext(ctx, `UPDATE review_requests SET images_deleted_at = $2 WHERE id = $1`, requestID, t.d.timeArg(t.now))
		return oneRow(res, err, "review request")
	})
}

// BlobHashes returns the SHA-256 recorded for every blob in use, for
// clinic blob verify.
func (db *DB) BlobHashes(ctx context.Context) (map[string]string, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT blob, blob_sha256 FROM review_upload_parts
		UNION SELECT blob, blob_sha256 FROM review_instances
		UNION SELECT blob, blob_sha256 FROM review_items WHERE blob IS NOT NULL
		UNION SELECT thumb_blob, thumb_sha256 FROM review_series WHERE thumb_blob IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("store: blob hashes: %w", err)
	}
	defer rows.Close()
	m := map[string]string{}
	for rows.Next() {
		var name, sum string
		if err := rows.Scan(&name, &sum); err != nil {
			return nil, fmt.Errorf("store: blob hashes: %w", err)
		}
		m[name] = sum
	}
	return m, rows.Err()
}
