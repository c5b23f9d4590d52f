package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strconv"
	"time"

	"clinic/internal/dicom"
	"clinic/internal/review"
	"clinic/internal/store"
	"clinic/internal/tuslock"
	"clinic/internal/web"
)

// envInt reads a whole number; a malformed one becomes -1, which the
// checks refuse with a message.
func envInt(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return -1
	}
	return n
}

// checkMRI refuses settings of the MRI review out of range.
func checkMRI(c Config) error {
	switch {
	case c.MRIMaxStudy < 10<<20 || c.MRIMaxStudy > 100<<30:
		return fmt.Errorf("MRI study limit %d: give a number of bytes from 10 MB to 100 GB, such as 2000000000", c.MRIMaxStudy)
	case c.MRIRetentionDays < 1 || c.MRIRetentionDays > 3650:
		return fmt.Errorf("MRI retention %d days: give from 1 to 3650", c.MRIRetentionDays)
	case c.MRIReaders < 1 || c.MRIReaders > 64:
		return fmt.Errorf("MRI readers %d: give from 1 to 64", c.MRIReaders)
	}
	return nil
}

// mriParts are the MRI review's blob store, readers and upload settings.
type mriParts struct {
	web    web.MRIConfig
	ingest *review.Ingest
	wake   chan struct{}
	locker *tuslock.Locker // on PostgreSQL; nil on SQLite
}

// openMRI opens the blob store (made on first run) and sets up reading
// uploads: at most MRIReaders files parsed at once across all uploads,
// and ZIP entries too large for memory spooled encrypted under DATA_DIR/tmp.
// On PostgreSQL the uploads are locked in the database, so that a resumed
// upload may reach any instance; call close when the server has stopped.
func openMRI(ctx context.Context, cfg Config, db *store.DB, log *slog.Logger) (*mriParts, error) {
	blobs, err := openBlobs(ctx, cfg, time.Now())
	if err != nil {
		return nil, err
	}
	ing := dicom.NewIngester(dicom.Config{Parallel: cfg.MRIReaders, ThumbnailSize: -1,
		Spool: review.Spool(filepath.Join(cfg.DataDir, "tmp"))})
	m := &mriParts{ingest: &review.Ingest{DB: db, Blobs: blobs, Dicom: ing, Log: log}, wake: make(chan struct{}, 1)}
	m.web = web.MRIConfig{Blobs: blobs, Ingest: m.ingest, MaxStudy: cfg.MRIMaxStudy, Wake: m.wake}
	if db.Dialect() == "postgres" {
		if m.locker, err = tuslock.New(ctx, cfg.DatabaseURL, tuslock.Options{Logger: log}); err != nil {
			return nil, err
		}
		m.web.Locker = m.locker
	}
	return m, nil
}

// close closes the upload locker, once no request holds a lock.
func (m *mriParts) close() {
	if m.locker != nil {
		m.locker.Close()
	}
}

// run reads uploads and deletes the images of closed reviews after the
// retention period until ctx ends. Every instance runs both: uploads are
// claimed one by one, and each hour's deletion once, in the database.
func (m *mriParts) run(ctx context.Context, cfg Config) {
	done := make(chan struct{})
	go func() {
		m.ingest.Run(ctx, cfg.MRIReaders, m.wake)
		close(done)
	}()
	m.ingest.RunRetention(ctx, cfg.MRIRetentionDays)
	<-done
}
