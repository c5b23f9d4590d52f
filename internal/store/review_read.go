package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"clinic"
)

const itemColumns = `id, COALESCE(upload_id, ''), sealed, kind, problem, detail, size, COALESCE(blob, ''), COALESCE(blob_sha256, '')`

func (db *DB) scanItem(s scanner) (*clinic.ReviewItem, error) {
	it := &clinic.ReviewItem{}
	var sealed []byte
	if err := s.Scan(&it.ID, &it.UploadID, &sealed, &it.Kind, &it.Problem, &it.Detail, &it.Size, &it.Blob, &it.SHA256); err != nil {
		return nil, err
	}
	var p itemPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open item %d: %w", it.ID, err)
	}
	it.Name, it.Directory = p.Name, p.Directory
	return it, nil
}

// ReviewItems lists what was read from a request's uploads, in order.
func (db *DB) ReviewItems(ctx context.Context, requestID int64) ([]*clinic.ReviewItem, error) {
	its, err := queryRows(ctx, db.read, db.scanItem, `SELECT `+itemColumns+` FROM review_items WHERE request_id = $1 ORDER BY id`, requestID)
	return list(its, err, "review items")
}

// ReviewItem returns one item of a request.
func (db *DB) ReviewItem(ctx context.Context, requestID, id int64) (*clinic.ReviewItem, error) {
	its, err := queryRows(ctx, db.read, db.scanItem, `SELECT `+itemColumns+` FROM review_items WHERE request_id = $1 AND id = $2`, requestID, id)
	return one(its, err, "file")
}

// ReviewStudies returns a request's studies, each with its series in
// number order.
func (db *DB) ReviewStudies(ctx context.Context, requestID int64) ([]*clinic.ReviewStudy, error) {
	studies, err := queryRows(ctx, db.read, func(s scanner) (*clinic.ReviewStudy, error) {
		st := &clinic.ReviewStudy{}
		var sealed []byte
		if err := s.Scan(&st.ID, &sealed, &st.Date, &st.Description); err != nil {
			return nil, err
		}
		var p studyPHI
		if err := db.openJSON(sealed, &p); err != nil {
			return nil, fmt.Errorf("store: open study %d: %w", st.ID, err)
		}
		st.UID, st.PatientName, st.PatientID, st.PatientBirthDate = p.UID, p.PatientName, p.PatientID, p.BirthDate
		return st, nil
	}, `SELECT id, sealed, study_date, description FROM review_studies WHERE request_id = $1 ORDER BY study_date, id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: studies: %w", err)
	}
	series, err := queryRows(ctx, db.read, db.scanSeries, `SELECT `+seriesColumns+` FROM review_series
		WHERE study_id IN (SELECT id FROM review_studies WHERE request_id = $1) ORDER BY number, id`, requestID)
	if err != nil {
		return nil, fmt.Errorf("store: series: %w", err)
	}
	byID := map[int64]*clinic.ReviewStudy{}
	for _, st := range studies {
		byID[st.ID] = st
	}
	for _, se := range series {
		if st := byID[se.StudyID]; st != nil {
			st.Series = append(st.Series, se)
		}
	}
	return studies, nil
}

const seriesColumns = `id, study_id, sealed, number, description, modality, body_part, images, objects,
	COALESCE(thumb_instance, 0), COALESCE(thumb_blob, ''), COALESCE(thumb_sha256, '')`

func (db *DB) scanSeries(s scanner) (*clinic.ReviewSeries, error) {
	se := &clinic.ReviewSeries{}
	var sealed []byte
	err := s.Scan(&se.ID, &se.StudyID, &sealed, &se.Number, &se.Description, &se.Modality, &se.BodyPart, &se.Images,
		&se.Objects, &se.ThumbInstance, &se.ThumbBlob, &se.ThumbSHA256)
	if err != nil {
		return nil, err
	}
	var p studyPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open series %d: %w", se.ID, err)
	}
	se.UID = p.UID
	return se, nil
}

// Series returns one series of a request.
func (db *DB) Series(ctx context.Context, requestID, id int64) (*clinic.ReviewSeries, error) {
	ss, err := queryRows(ctx, db.read, db.scanSeries, `SELECT `+seriesColumns+` FROM review_series
		WHERE id = $2 AND study_id IN (SELECT id FROM review_studies WHERE request_id = $1)`, requestID, id)
	return one(ss, err, "series "+strconv.FormatInt(id, 10))
}

const instanceColumns = `id, series_id, sealed, number, has_pixels, frames, rows_n, columns_n, transfer_syntax, no_preview,
	geometry, blob, blob_sha256, size`

func (db *DB) scanInstance(s scanner) (*clinic.ReviewInstance, error) {
	in := &clinic.ReviewInstance{}
	var sealed []byte
	var geom string
	err := s.Scan(&in.ID, &in.SeriesID, &sealed, &in.Number, &in.HasPixels, &in.Frames, &in.Rows, &in.Columns,
		&in.TransferSyntax, &in.NoPreview, &geom, &in.Blob, &in.SHA256, &in.Size)
	if err != nil {
		return nil, err
	}
	var p studyPHI
	if err := db.openJSON(sealed, &p); err != nil {
		return nil, fmt.Errorf("store: open instance %d: %w", in.ID, err)
	}
	in.UID = p.UID
	if err := json.Unmarshal([]byte(geom), &in.Geometry); err != nil {
		return nil, fmt.Errorf("store: instance %d geometry: %w", in.ID, err)
	}
	return in, nil
}

// SeriesInstances lists a series' instances in instance-number order.
func (db *DB) SeriesInstances(ctx context.Context, seriesID int64) ([]*clinic.ReviewInstance, error) {
	ins, err := queryRows(ctx, db.read, db.scanInstance, `SELECT `+instanceColumns+` FROM review_instances
		WHERE series_id = $1 ORDER BY number, id`, seriesID)
	return list(ins, err, "instances")
}

// Instance returns one instance of a request.
func (db *DB) Instance(ctx context.Context, requestID, id int64) (*clinic.ReviewInstance, error) {
	ins, err := queryRows(ctx, db.read, db.scanInstance, `SELECT `+instanceColumns+` FROM review_instances
		WHERE request_id = $1 AND id = $2`, requestID, id)
	return one(ins, err, "image "+strconv.FormatInt(id, 10))
}
