package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"clinic"
)

var _ clinic.ReviewService = (*DB)(nil)

// reviewPHI is what a review request holds that a patient wrote: stored
// only sealed.
type reviewPHI struct {
	Name      string `json:"name"`
	BirthDate string `json:"birth_date"`
	Email     string `json:"email"`
	Phone     string `json:"phone"`
	Complaint string `json:"complaint"`
	Since     string `json:"since"`
	Question  string `json:"question"`
	Consent   bool   `json:"consent"`
}

// sealJSON seals v as JSON.
func (db *DB) sealJSON(v any) ([]byte, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	plain, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("store: seal: %w", err)
	}
	return db.sealer.Seal(plain), nil
}

// openJSON opens a value sealJSON sealed into v.
func (db *DB) openJSON(sealed []byte, v any) error {
	if db.sealer == nil {
		return errNoSealer()
	}
	plain, err := db.sealer.Open(sealed)
	if err != nil {
		return err
	}
	return json.Unmarshal(plain, v)
}

// CreateReview stores a review request, sealed, unless its client address
// made clinic.ReviewFlood requests within clinic.ReviewFloodWindow.
func (db *DB) CreateReview(ctx context.Context, q *clinic.ReviewRequest) error {
	sealed, err := db.sealJSON(reviewPHI{q.Name, q.BirthDate, q.Email, q.Phone, q.Complaint, q.Since, q.Question, q.Consent})
	if err != nil {
		return err
	}
	hash := db.sealer.Hash("review " + q.ClientAddr)
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, "review "+hash); err != nil {
			return err
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM review_requests WHERE client_hash = $1 AND created_at > $2`,
			hash, t.d.timeArg(t.now.Add(-clinic.ReviewFloodWindow))).Scan(&n); err != nil {
			return fmt.Errorf("store: count review requests: %w", err)
		}
		if n >= clinic.ReviewFlood {
			return clinic.Errorf(clinic.ETooMany, "We have received several requests from your connection in the last hour. Please call us, or try again later.")
		}
		err := t.QueryRowContext(ctx, `INSERT INTO review_requests (sealed, client_hash, status, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, sealed, hash, clinic.ReviewUploading, t.d.timeArg(t.now)).Scan(&q.ID)
		if err != nil {
			return fmt.Errorf("store: create review: %w", err)
		}
		q.Status, q.CreatedAt = clinic.ReviewUploading, t.now
		return nil
	})
}

const reviewColumns = `r.id, r.sealed, r.status, r.assigned_to, COALESCE(u.name, ''), r.created_at, r.submitted_at,
	r.answered_at, r.closed_at, r.images_deleted_at, COALESCE(r.appointment_id, 0)`

const reviewFrom = ` FROM review_requests r LEFT JOIN users u ON u.id = r.assigned_to`

func (db *DB) scanReview(s scanner) (*clinic.ReviewRequest, error) {
	q := &clinic.ReviewRequest{}
	var sealed []byte
	var assigned *int64
	err := s.Scan(&q.ID, &sealed, &q.Status, &assigned, &q.AssignedName, timeCol{&q.CreatedAt}, timeCol{&q.SubmittedAt},
		timeCol{&q.AnsweredAt}, timeCol{&q.ClosedAt}, timeCol{&q.ImagesDeletedAt}, &q.Appointment)
	if err != nil {
		return nil, err
	}
	if assigned != nil {
		q.AssignedTo = *assigned
	}
	var p reviewPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open review %d: %w", q.ID, err)
	}
	q.Name, q.BirthDate, q.Email, q.Phone = p.Name, p.BirthDate, p.Email, p.Phone
	q.Complaint, q.Since, q.Question, q.Consent = p.Complaint, p.Since, p.Question, p.Consent
	return q, nil
}

// Review returns a request, unsealed.
func (db *DB) Review(ctx context.Context, id int64) (*clinic.ReviewRequest, error) {
	qs, err := queryRows(ctx, db.read, db.scanReview, `SELECT `+reviewColumns+reviewFrom+` WHERE r.id = $1`, id)
	return one(qs, err, "review request "+strconv.FormatInt(id, 10))
}

// AttachAppointment records the appointment booked from request id's
// answer; a request answered and sent is the only kind with one.
func (db *DB) AttachAppointment(ctx context.Context, id, appt int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE review_requests SET appointment_id = $2 WHERE id = $1 AND status IN ('answered', 'closed')`, id, appt)
		if err != nil {
			if isForeignKey(err) {
				return notFound("appointment " + strconv.FormatInt(appt, 10))
			}
			return fmt.Errorf("store: attach appointment to review %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound("answered review request " + strconv.FormatInt(id, 10))
		}
		return nil
	})
}

// ReviewOfAppointment returns the request appointment appt was booked
// from.
func (db *DB) ReviewOfAppointment(ctx context.Context, appt int64) (int64, error) {
	var id int64
	err := db.read.QueryRowContext(ctx, `SELECT id FROM review_requests WHERE appointment_id = $1 ORDER BY id DESC LIMIT 1`, appt).Scan(&id)
	if isNoRows(err) {
		return 0, notFound("review of appointment " + strconv.FormatInt(appt, 10))
	}
	if err != nil {
		return 0, fmt.Errorf("store: review of appointment %d: %w", appt, err)
	}
	return id, nil
}

// Reviews lists submitted requests, oldest first.
func (db *DB) Reviews(ctx context.Context, status string) ([]*clinic.ReviewRequest, error) {
	if status != "" && !clinic.ValidReviewStatus(status) {
		return nil, clinic.Errorf(clinic.EInvalid, "There is no such status.")
	}
	qs, err := queryRows(ctx, db.read, db.scanReview, `SELECT `+reviewColumns+reviewFrom+`
		WHERE r.status <> $1 AND ($2 = '' OR r.status = $2) ORDER BY r.submitted_at, r.id`, clinic.ReviewUploading, status)
	return list(qs, err, "review requests")
}

// SubmitReview sends a request to the queue, once it holds an image or a
// report, and queues the patient's receipt and the clinic's notice.
func (db *DB) SubmitReview(ctx context.Context, id int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var n int
		err := t.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM review_instances WHERE request_id = $1) +
			(SELECT count(*) FROM review_items WHERE request_id = $1 AND blob IS NOT NULL)`, id).Scan(&n)
		if err != nil {
			return fmt.Errorf("store: submit review: %w", err)
		}
		if n == 0 {
			return clinic.Errorf(clinic.EInvalid, "No image or report could be read from what you sent yet. Please add your images, or call us.")
		}
		res, err := t.ExecContext(ctx, `UPDATE review_requests SET status = $2, submitted_at = $3 WHERE id = $1 AND status = $4`,
			id, clinic.ReviewNew, t.d.timeArg(t.now), clinic.ReviewUploading)
		if err := oneRow(res, err, "submit review"); err != nil {
			return clinic.Errorf(clinic.EConflict, "This request was already sent to the clinic.")
		}
		if err := t.queueReviewMail(ctx, id, clinic.MailReviewReceived); err != nil {
			return err
		}
		return t.queueReviewMail(ctx, id, clinic.MailReviewNotice)
	})
}

// oneRow is nil when res changed a row.
func oneRow(res interface{ RowsAffected() (int64, error) }, err error, what string) error {
	if err != nil {
		return fmt.Errorf("store: %s: %w", what, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return notFound(what)
	}
	return nil
}

// queueReviewMail queues a message about a review; its text is written
// when it is sent.
func (t *tx) queueReviewMail(ctx context.Context, id int64, kind string) error {
	_, err := t.ExecContext(ctx, `INSERT INTO outbox (kind, to_addr, subject, body, review_id, created_at, next_try_at)
		VALUES ($1, '', '', '', $2, $3, $3)`, kind, id, t.d.timeArg(t.now))
	if err != nil {
		return fmt.Errorf("store: queue %s: %w", kind, err)
	}
	return nil
}

// AssignReview names the provider of a submitted, unanswered request.
func (db *DB) AssignReview(ctx context.Context, id, userID int64) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.reviewExists(ctx, id); err != nil {
			return err
		}
		var role string
		var disabled bool
		err := t.QueryRowContext(ctx, `SELECT role, disabled FROM users WHERE id = $1`, userID).Scan(&role, &disabled)
		if isNoRows(err) || err == nil && (disabled || !clinic.Role(role).Can(clinic.PermReview)) {
			return clinic.Errorf(clinic.EInvalid, "Please choose a provider who reviews images.")
		} else if err != nil {
			return fmt.Errorf("store: assign review: %w", err)
		}
		res, err := t.ExecContext(ctx, `UPDATE review_requests SET assigned_to = $2,
			status = CASE WHEN status = $3 THEN $4 ELSE status END
			WHERE id = $1 AND status IN ($3, $4, $5)`, id, userID, clinic.ReviewNew, clinic.ReviewAssigned, clinic.ReviewInReview)
		if err := oneRow(res, err, "review request "+strconv.FormatInt(id, 10)); err != nil {
			return clinic.Errorf(clinic.EConflict, "This request is not waiting for a review.")
		}
		return nil
	})
}

// reviewExists is ENotFound unless request id exists.
func (t *tx) reviewExists(ctx context.Context, id int64) error {
	var n int
	if err := t.QueryRowContext(ctx, `SELECT count(*) FROM review_requests WHERE id = $1`, id).Scan(&n); err != nil {
		return fmt.Errorf("store: review request: %w", err)
	}
	if n == 0 {
		return notFound("review request " + strconv.FormatInt(id, 10))
	}
	return nil
}

// reviewMoves are the status changes staff make by hand, from -> to.
var reviewMoves = map[string][]string{
	clinic.ReviewInReview: {clinic.ReviewAssigned, clinic.ReviewNew},
	clinic.ReviewClosed:   {clinic.ReviewNew, clinic.ReviewAssigned, clinic.ReviewInReview, clinic.ReviewAnswered},
	clinic.ReviewAnswered: {clinic.ReviewClosed}, // reopened after closing by mistake
}

// SetReviewStatus moves a request to in review or closed, or an
// answered one that was closed back to answered.
func (db *DB) SetReviewStatus(ctx context.Context, id int64, status string) error {
	from, ok := reviewMoves[status]
	if !ok {
		return clinic.Errorf(clinic.EInvalid, "There is no such status to set.")
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.reviewExists(ctx, id); err != nil {
			return err
		}
		closedAt := any(nil)
		if status == clinic.ReviewClosed {
			closedAt = t.d.timeArg(t.now)
		}
		res, err := t.ExecContext(ctx, `UPDATE review_requests SET status = $2, closed_at = $3
			WHERE id = $1 AND images_deleted_at IS NULL AND status IN (`+placeholders(4, len(from))+`)`,
			append([]any{id, status, closedAt}, anys(from)...)...)
		if err := oneRow(res, err, "review request "+strconv.FormatInt(id, 10)); err != nil {
			return clinic.Errorf(clinic.EConflict, "The request cannot move to that status from where it is.")
		}
		return nil
	})
}
