package store

import (
	"context"
	"encoding/json"
	"fmt"

	"clinic"
)

// studyPHI is what a study's record keeps sealed.
type studyPHI struct {
	UID         string `json:"uid"`
	PatientName string `json:"name,omitempty"`
	PatientID   string `json:"pid,omitempty"`
	BirthDate   string `json:"birth,omitempty"`
}

// itemPHI is what an item's record keeps sealed.
type itemPHI struct {
	Name      string   `json:"name"`
	Directory []string `json:"dir,omitempty"`
}

// RecordIngest stores what reading an upload found, in one transaction,
// and marks the upload read. Studies and series are found by keyed hashes
// of their UIDs; an instance whose UID the request holds already becomes
// a duplicate item, and its blob is returned for deletion.
func (db *DB) RecordIngest(ctx context.Context, res *clinic.IngestResult) ([]string, error) {
	if db.sealer == nil {
		return nil, errNoSealer()
	}
	var drop []string
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		var req int64
		err := t.QueryRowContext(ctx, `SELECT request_id FROM review_uploads WHERE id = $1 AND ingested_at IS NULL`, res.UploadID).Scan(&req)
		if isNoRows(err) {
			return clinic.Errorf(clinic.EConflict, "The upload was read already.")
		} else if err != nil {
			return fmt.Errorf("store: record ingest: %w", err)
		}
		if err := t.lock(ctx, fmt.Sprintf("review %d studies", req)); err != nil {
			return err
		}
		ids, err := db.recordStudies(ctx, t, req, res.Studies)
		if err != nil {
			return err
		}
		items := res.Items
		for _, in := range res.Instances {
			ok, err := db.insertInstance(ctx, t, req, ids[in.Study][in.Series], in.Instance)
			if err != nil {
				return err
			}
			if !ok {
				drop = append(drop, in.Instance.Blob)
				items = append(items, &clinic.ReviewItem{Name: in.File, Kind: "dicom", Problem: "duplicate",
					Detail: "the same image was already uploaded", Size: in.Instance.Size})
			}
		}
		for _, it := range items {
			if err := db.insertItem(ctx, t, req, res.UploadID, it); err != nil {
				return err
			}
		}
		if err := db.countSeries(ctx, t, req); err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE review_uploads SET ingested_at = $2, ingest_until = NULL,
			sha256 = CASE WHEN sha256 = '' THEN $3 ELSE sha256 END WHERE id = $1`, res.UploadID, t.d.timeArg(t.now), res.SHA256)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("store: record ingest: %w", err)
	}
	return drop, nil
}

// recordStudies finds or makes each study and series and returns their
// ids by index.
func (db *DB) recordStudies(ctx context.Context, t *tx, req int64, studies []*clinic.ReviewStudy) ([][]int64, error) {
	ids := make([][]int64, len(studies))
	for i, st := range studies {
		sealed, err := db.sealJSON(studyPHI{st.UID, st.PatientName, st.PatientID, st.PatientBirthDate})
		if err != nil {
			return nil, err
		}
		study, err := upsertID(ctx, t, `INSERT INTO review_studies (request_id, uid_key, sealed, study_date, description)
			VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id, uid_key) DO NOTHING RETURNING id`,
			`SELECT id FROM review_studies WHERE request_id = $1 AND uid_key = $2`,
			req, db.sealer.Hash("study "+st.UID), sealed, st.Date, st.Description)
		if err != nil {
			return nil, err
		}
		for _, se := range st.Series {
			sealed, err := db.sealJSON(studyPHI{UID: se.UID})
			if err != nil {
				return nil, err
			}
			id, err := upsertID(ctx, t, `INSERT INTO review_series (study_id, uid_key, sealed, number, description, modality, body_part)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (study_id, uid_key) DO NOTHING RETURNING id`,
				`SELECT id FROM review_series WHERE study_id = $1 AND uid_key = $2`,
				study, db.sealer.Hash("series "+se.UID), sealed, se.Number, se.Description, se.Modality, se.BodyPart)
			if err != nil {
				return nil, err
			}
			ids[i] = append(ids[i], id)
		}
	}
	return ids, nil
}

// upsertID inserts a row or, when its key exists, finds it; the lookup
// takes the insert's first two arguments.
func upsertID(ctx context.Context, t *tx, insert, lookup string, args ...any) (int64, error) {
	var id int64
	err := t.QueryRowContext(ctx, insert, args...).Scan(&id)
	if isNoRows(err) {
		err = t.QueryRowContext(ctx, lookup, args[:2]...).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: record study: %w", err)
	}
	return id, nil
}

// insertInstance stores an instance and reports false for a duplicate.
func (db *DB) insertInstance(ctx context.Context, t *tx, req, series int64, in *clinic.ReviewInstance) (bool, error) {
	sealed, err := db.sealJSON(studyPHI{UID: in.UID})
	if err != nil {
		return false, err
	}
	geom, err := json.Marshal(in.Geometry)
	if err != nil {
		return false, err
	}
	err = t.QueryRowContext(ctx, `INSERT INTO review_instances (series_id, request_id, uid_key, sealed, number, has_pixels,
			frames, rows_n, columns_n, transfer_syntax, no_preview, geometry, blob, blob_sha256, size)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
		ON CONFLICT (request_id, uid_key) DO NOTHING RETURNING id`,
		series, req, db.sealer.Hash("instance "+in.UID), sealed, in.Number, in.HasPixels, max(in.Frames, 1),
		in.Rows, in.Columns, in.TransferSyntax, in.NoPreview, string(geom), in.Blob, in.SHA256, in.Size).Scan(&in.ID)
	if isNoRows(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("store: record instance: %w", err)
	}
	in.SeriesID = series
	return true, nil
}

func (db *DB) insertItem(ctx context.Context, t *tx, req int64, upload string, it *clinic.ReviewItem) error {
	sealed, err := db.sealJSON(itemPHI{it.Name, it.Directory})
	if err != nil {
		return err
	}
	err = t.QueryRowContext(ctx, `INSERT INTO review_items (request_id, upload_id, sealed, kind, problem, detail, size, blob,
			blob_sha256, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
		req, upload, sealed, it.Kind, it.Problem, it.Detail, it.Size, nullText(it.Blob), nullText(it.SHA256),
		t.d.timeArg(t.now)).Scan(&it.ID)
	if err != nil {
		return fmt.Errorf("store: record item: %w", err)
	}
	return nil
}

// countSeries brings the image and object counts of a request's series
// up to date.
func (db *DB) countSeries(ctx context.Context, t *tx, req int64) error {
	_, err := t.ExecContext(ctx, `UPDATE review_series SET
		images = (SELECT COALESCE(sum(CASE WHEN i.has_pixels THEN i.frames ELSE 0 END), 0) FROM review_instances i WHERE i.series_id = review_series.id),
		objects = (SELECT count(*) FROM review_instances i WHERE i.series_id = review_series.id)
		WHERE study_id IN (SELECT id FROM review_studies WHERE request_id = $1)`, req)
	if err != nil {
		return fmt.Errorf("store: count series: %w", err)
	}
	return nil
}

// SetThumbnail names a series' thumbnail and returns the blob of the one
// it replaces, or "".
func (db *DB) SetThumbnail(ctx context.Context, seriesID, instanceID int64, blob, sha string) (string, error) {
	var old string
	err := db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `SELECT COALESCE(thumb_blob, '') FROM review_series WHERE id = $1`, seriesID).Scan(&old)
		if isNoRows(err) {
			return notFound("series")
		} else if err != nil {
			return err
		}
		_, err = t.ExecContext(ctx, `UPDATE review_series SET thumb_instance = $2, thumb_blob = $3, thumb_sha256 = $4 WHERE id = $1`,
			seriesID, instanceID, blob, sha)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("store: set thumbnail: %w", err)
	}
	return old, nil
}
