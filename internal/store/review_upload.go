package store

import (
	"context"
	"fmt"
	"time"

	"clinic"
)

// uploadPHI is what an upload's record holds that the patient chose: the
// file's name with its folder path, and its type.
type uploadPHI struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// CreateUpload records a new upload of a request still uploading, within
// maxBytes for all the request's uploads together.
func (db *DB) CreateUpload(ctx context.Context, u *clinic.ReviewUpload, maxBytes int64) error {
	sealed, err := db.sealJSON(uploadPHI{u.Name, u.Type})
	if err != nil {
		return err
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		if err := t.lock(ctx, fmt.Sprintf("review %d uploads", u.RequestID)); err != nil {
			return err
		}
		var status string
		var used int64
		err := t.QueryRowContext(ctx, `SELECT r.status, COALESCE((SELECT sum(size) FROM review_uploads WHERE request_id = r.id), 0)
			FROM review_requests r WHERE r.id = $1`, u.RequestID).Scan(&status, &used)
		switch {
		case isNoRows(err):
			return notFound("review request")
		case err != nil:
			return fmt.Errorf("store: create upload: %w", err)
		case status != clinic.ReviewUploading:
			return clinic.Errorf(clinic.EConflict, "This request was already sent to the clinic; nothing more can be added to it.")
		case used+u.Size > maxBytes:
			return clinic.Errorf(clinic.ETooLarge, "The files come to more than %d MB in all, the most one review can take. Please send only the study you want reviewed, or call us.", maxBytes/1e6)
		}
		_, err = t.ExecContext(ctx, `INSERT INTO review_uploads (id, request_id, size, sealed, created_at, completed_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, u.ID, u.RequestID, u.Size, sealed, t.d.timeArg(t.now), completedIf(t, u.Size == 0))
		if err != nil {
			return fmt.Errorf("store: create upload: %w", err)
		}
		u.CreatedAt = t.now
		return nil
	})
}

func completedIf(t *tx, done bool) any {
	if done {
		return t.d.timeArg(t.now)
	}
	return nil
}

const uploadColumns = `id, request_id, size, stored, sealed, sha256, created_at, completed_at, ingested_at`

func (db *DB) scanUpload(s scanner) (*clinic.ReviewUpload, error) {
	u := &clinic.ReviewUpload{}
	var sealed []byte
	err := s.Scan(&u.ID, &u.RequestID, &u.Size, &u.Offset, &sealed, &u.SHA256,
		timeCol{&u.CreatedAt}, timeCol{&u.CompletedAt}, timeCol{&u.IngestedAt})
	if err != nil {
		return nil, err
	}
	var p uploadPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open upload: %w", err)
	}
	u.Name, u.Type = p.Name, p.Type
	return u, nil
}

// Upload returns an upload with its parts in order.
func (db *DB) Upload(ctx context.Context, id string) (*clinic.ReviewUpload, error) {
	us, err := queryRows(ctx, db.read, db.scanUpload, `SELECT `+uploadColumns+` FROM review_uploads WHERE id = $1`, id)
	u, err := one(us, err, "upload")
	if err != nil {
		return nil, err
	}
	return u, db.loadParts(ctx, db.read, u)
}

// Uploads lists a request's uploads, oldest first, without parts.
func (db *DB) Uploads(ctx context.Context, requestID int64) ([]*clinic.ReviewUpload, error) {
	us, err := queryRows(ctx, db.read, db.scanUpload, `SELECT `+uploadColumns+` FROM review_uploads
		WHERE request_id = $1 ORDER BY created_at, id`, requestID)
	return list(us, err, "uploads")
}

// PendingUploads counts a request's uploads that are not complete or not
// read yet.
func (db *DB) PendingUploads(ctx context.Context, requestID int64) (int, error) {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM review_uploads WHERE request_id = $1 AND ingested_at IS NULL`,
		requestID).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: pending uploads: %w", err)
	}
	return n, nil
}

func (db *DB) loadParts(ctx context.Context, q querier, u *clinic.ReviewUpload) error {
	ps, err := queryRows(ctx, q, func(s scanner) (clinic.UploadPart, error) {
		var p clinic.UploadPart
		return p, s.Scan(&p.Offset, &p.Size, &p.Blob, &p.SHA256)
	}, `SELECT start_at, size, blob, blob_sha256 FROM review_upload_parts WHERE upload_id = $1 ORDER BY start_at`, u.ID)
	if err != nil {
		return fmt.Errorf("store: upload parts: %w", err)
	}
	u.Parts = ps
	return nil
}

// AddUploadPart records a part stored at the upload's current end; the
// part that reaches the size completes the upload, with the file's
// SHA-256 when the caller knows it.
func (db *DB) AddUploadPart(ctx context.Context, id string, p clinic.UploadPart, sha string) error {
	return db.inTx(ctx, db.now(), func(t *tx) error {
		var stored, size int64
		err := t.QueryRowContext(ctx, `SELECT stored, size FROM review_uploads WHERE id = $1`, id).Scan(&stored, &size)
		switch {
		case isNoRows(err):
			return notFound("upload")
		case err != nil:
			return fmt.Errorf("store: add upload part: %w", err)
		case stored != p.Offset || p.Size <= 0 || stored+p.Size > size:
			return clinic.Errorf(clinic.EConflict, "The upload is at byte %d, not %d.", stored, p.Offset)
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO review_upload_parts (upload_id, start_at, size, blob, blob_sha256)
			VALUES ($1, $2, $3, $4, $5)`, id, p.Offset, p.Size, p.Blob, p.SHA256); err != nil {
			return fmt.Errorf("store: add upload part: %w", err)
		}
		done := stored+p.Size == size
		if !done {
			sha = ""
		}
		_, err = t.ExecContext(ctx, `UPDATE review_uploads SET stored = stored + $2, sha256 = $3,
			completed_at = $4 WHERE id = $1`, id, p.Size, sha, completedIf(t, done))
		if err != nil {
			return fmt.Errorf("store: add upload part: %w", err)
		}
		return nil
	})
}

// DeleteUpload removes an upload that has not been read yet and returns
// its parts' blobs.
func (db *DB) DeleteUpload(ctx context.Context, id string) ([]string, error) {
	var blobs []string
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var err error
		blobs, err = queryRows(ctx, t, scanString, `SELECT blob FROM review_upload_parts WHERE upload_id = $1`, id)
		if err != nil {
			return fmt.Errorf("store: delete upload: %w", err)
		}
		res, err := t.ExecContext(ctx, `DELETE FROM review_uploads WHERE id = $1 AND ingested_at IS NULL`, id)
		if err := oneRow(res, err, "upload"); err != nil {
			return clinic.Errorf(clinic.EConflict, "This file was read already and cannot be removed.")
		}
		return nil
	})
	return blobs, err
}

func scanString(s scanner) (string, error) {
	var v string
	return v, s.Scan(&v)
}

// ClaimIngest takes the oldest completed upload that is neither read nor
// held by a reader whose lease still runs, and holds it until now+lease.
func (db *DB) ClaimIngest(ctx context.Context, now time.Time, lease time.Duration) (*clinic.ReviewUpload, error) {
	var u *clinic.ReviewUpload
	err := db.inTx(ctx, now, func(t *tx) error {
		us, err := queryRows(ctx, t, db.scanUpload, `UPDATE review_uploads SET ingest_until = $2
			WHERE id = (SELECT id FROM review_uploads
				WHERE completed_at IS NOT NULL AND ingested_at IS NULL AND (ingest_until IS NULL OR ingest_until < $1)
				ORDER BY completed_at, id LIMIT 1`+t.d.skipLocked+`)
			RETURNING `+uploadColumns, t.d.timeArg(t.now), t.d.timeArg(t.now.Add(lease)))
		if u, err = one(us, err, "upload to read"); err != nil {
			return err
		}
		return db.loadParts(ctx, t, u)
	})
	return u, err
}
