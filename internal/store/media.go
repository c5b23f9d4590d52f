package store

import (
	"context"
	"fmt"
	"strings"

	"clinic"
)

var _ clinic.MediaService = (*DB)(nil)

// SaveMedia stores an image and its files in one transaction. The same
// image uploaded twice is stored once: m gets the stored one's ID.
func (db *DB) SaveMedia(ctx context.Context, m *clinic.Media, files []clinic.MediaFile, authorID int64) error {
	if msg := clinic.CheckAlt(m.Alt); msg != "" {
		return clinic.Errorf(clinic.EInvalid, "%s", msg)
	}
	m.Alt = strings.TrimSpace(m.Alt)
	var author any
	if authorID != 0 {
		author = authorID
	}
	return db.inTx(ctx, db.now(), func(t *tx) error {
		err := t.QueryRowContext(ctx, `SELECT id FROM media WHERE hash = $1`, m.Hash).Scan(&m.ID)
		if err == nil {
			return nil
		} else if !isNoRows(err) {
			return fmt.Errorf("store: save media: %w", err)
		}
		return t.insertMedia(ctx, m, files, author)
	})
}

// insertMedia stores a new image and its files.
func (t *tx) insertMedia(ctx context.Context, m *clinic.Media, files []clinic.MediaFile, author any) error {
	err := t.QueryRowContext(ctx, `INSERT INTO media (hash, alt, width, height, ext, author_id, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.Hash, m.Alt, m.Width, m.Height, m.Ext, author, t.d.timeArg(t.now)).Scan(&m.ID)
	if err != nil {
		return fmt.Errorf("store: save media: %w", err)
	}
	for i, f := range files {
		_, err := t.ExecContext(ctx, `INSERT INTO media_files (name, media_id, width, content_type, data)
			VALUES ($1, $2, $3, $4, $5)`, f.Name, m.ID, m.Widths[i], f.ContentType, f.Data)
		if err != nil {
			return fmt.Errorf("store: save media file: %w", err)
		}
	}
	m.CreatedAt = t.now
	_, err = t.bumpVersion(ctx) // pages with this image get their srcset
	return err
}

// MediaList returns the library, newest first, with each image's widths.
func (db *DB) MediaList(ctx context.Context, limit, offset int) ([]*clinic.Media, int, error) {
	var total int
	if err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM media`).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count media: %w", err)
	}
	q := `SELECT id, hash, alt, width, height, ext, created_at FROM media ORDER BY id DESC`
	if limit > 0 {
		q += fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(offset, 0))
	}
	ms, err := queryRows(ctx, db.read, func(r scanner) (*clinic.Media, error) {
		m := &clinic.Media{}
		return m, r.Scan(&m.ID, &m.Hash, &m.Alt, &m.Width, &m.Height, &m.Ext, timeCol{&m.CreatedAt})
	}, q)
	if err != nil {
		return nil, 0, fmt.Errorf("store: media: %w", err)
	}
	if err := loadMediaWidths(ctx, db.read, ms); err != nil {
		return nil, 0, err
	}
	return ms, total, nil
}

// MediaFile returns one stored file by name.
func (db *DB) MediaFile(ctx context.Context, name string) (*clinic.MediaFile, error) {
	f := &clinic.MediaFile{}
	err := db.read.QueryRowContext(ctx, `SELECT name, content_type, data FROM media_files WHERE name = $1`, name).
		Scan(&f.Name, &f.ContentType, &f.Data)
	if isNoRows(err) {
		return nil, notFound("media file " + name)
	} else if err != nil {
		return nil, fmt.Errorf("store: media file: %w", err)
	}
	return f, nil
}

// SetMediaAlt changes an image's alternative text.
func (db *DB) SetMediaAlt(ctx context.Context, id int64, alt string) error {
	if msg := clinic.CheckAlt(alt); msg != "" {
		return clinic.Errorf(clinic.EInvalid, "%s", msg)
	}
	res, err := db.write.ExecContext(ctx, `UPDATE media SET alt = $2 WHERE id = $1`, id, strings.TrimSpace(alt))
	if err != nil {
		return fmt.Errorf("store: set alt text: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound(fmt.Sprintf("image %d", id))
	}
	return nil
}

// loadMediaWidths fills in the widths of the images' files, in one query.
func loadMediaWidths(ctx context.Context, q querier, ms []*clinic.Media) error {
	if len(ms) == 0 {
		return nil
	}
	byID := make(map[int64]*clinic.Media, len(ms))
	ids := make([]any, len(ms))
	for i, m := range ms {
		byID[m.ID], ids[i] = m, m.ID
	}
	rows, err := q.QueryContext(ctx, `SELECT media_id, width FROM media_files
		WHERE media_id IN (`+placeholders(1, len(ids))+`) ORDER BY media_id, width`, ids...)
	if err != nil {
		return fmt.Errorf("store: media widths: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var w int
		if err := rows.Scan(&id, &w); err != nil {
			return fmt.Errorf("store: media widths: %w", err)
		}
		byID[id].Widths = append(byID[id].Widths, w)
	}
	return rows.Err()
}
