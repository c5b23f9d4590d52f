package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Stats are the database pools' figures: the writer's and, on SQLite,
// the readers' (on PostgreSQL one pool serves both, and Read is Write).
func (db *DB) Stats() (write, read sql.DBStats) {
	return db.write.Stats(), db.read.Stats()
}

// OutboxDepth counts the outbox messages still to be sent: those due by
// now, which a worker should take within seconds, and those due later
// (reminders). Messages sent or given up are not counted.
func (db *DB) OutboxDepth(ctx context.Context, now time.Time) (due, later int, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT
		coalesce(sum(CASE WHEN next_try_at <= $1 THEN 1 ELSE 0 END), 0),
		coalesce(sum(CASE WHEN next_try_at > $1 THEN 1 ELSE 0 END), 0)
		FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL`, db.d.timeArg(now)).Scan(&due, &later)
	if err != nil {
		return 0, 0, fmt.Errorf("store: outbox depth: %w", err)
	}
	return due, later, nil
}
