package review

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"clinic"
)

// Sweep deletes the images and reports of requests closed more than days
// before now, and forgets their records; the findings stay. It runs once
// an hour across every instance: the hour's job is claimed in the
// database. Each deletion is in the audit log. It returns how many
// requests it swept.
func (g *Ingest) Sweep(ctx context.Context, now time.Time, days int) (int, error) {
	ok, err := g.DB.ClaimJob(ctx, "retention "+now.UTC().Format("2006-01-02T15"), now, time.Hour)
	if err != nil || !ok {
		return 0, err
	}
	ids, err := g.DB.ExpiredReviews(ctx, now.AddDate(0, 0, -days))
	if err != nil {
		return 0, err
	}
	for i, id := range ids {
		if err := g.deleteImages(ctx, id, days); err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// deleteImages deletes one request's blobs, then its records of them.
func (g *Ingest) deleteImages(ctx context.Context, id int64, days int) error {
	names, err := g.DB.ReviewBlobs(ctx, id)
	if err != nil {
		return err
	}
	for _, n := range names {
		if err := g.Blobs.Delete(ctx, n); err != nil && clinic.ErrorKind(err) != clinic.ENotFound {
			return fmt.Errorf("review: delete images of %d: %w", id, err)
		}
	}
	e := &clinic.AuditEvent{Actor: "system", Action: "review.images_deleted", Record: "review:" + strconv.FormatInt(id, 10),
		Outcome: clinic.AuditOK, Detail: fmt.Sprintf("%d files, %d days after closing", len(names), days)}
	return g.DB.ForgetImages(clinic.WithAudit(ctx, e), id)
}

// RunRetention sweeps every ten minutes until ctx ends.
func (g *Ingest) RunRetention(ctx context.Context, days int) {
	tick := time.NewTicker(10 * time.Minute)
	defer tick.Stop()
	for {
		g.SweepLogged(ctx, time.Now(), days)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// SweepLogged is Sweep that logs how many requests it swept, or why it
// could not.
func (g *Ingest) SweepLogged(ctx context.Context, now time.Time, days int) {
	if n, err := g.Sweep(ctx, now, days); err != nil {
		g.logError(ctx, "delete images after retention", err)
	} else if n > 0 && g.Log != nil {
		g.Log.InfoContext(ctx, "mri review: deleted the images of closed reviews", "count", n)
	}
}
