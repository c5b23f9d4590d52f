package main

import (
	"context"
	"log/slog"
	"time"

	"clinic/internal/store"
)

// linkBatch is how many appointments and review requests one transaction
// links at most.
const linkBatch = 200

// linkPatients gives appointments and MRI review requests their patient
// record: at start-up every row made before patients were records (the
// migration's step in Go, since SQL cannot compute the keyed hashes of
// the blind index), then every half minute what was booked or sent since.
// Every instance runs it; each batch is one transaction under the store's
// "patient link" lock and takes only rows still unlinked, so a row is
// linked once however many instances run.
func linkPatients(ctx context.Context, db *store.DB, log *slog.Logger) {
	tick := time.NewTicker(30 * time.Second)
	defer tick.Stop()
	for {
		for {
			n, err := db.LinkRecords(ctx, linkBatch)
			if err != nil && ctx.Err() == nil {
				log.Error("link patient records", "err", err)
			}
			if n > 0 {
				log.Info("linked patient records", "count", n)
			}
			if err != nil || n < linkBatch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
