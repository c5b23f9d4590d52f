package store

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// How often WatchVersion reads the version when nothing tells it of a
// change, and how long it waits before listening again after losing its
// PostgreSQL connection.
const (
	sqlitePoll       = 500 * time.Millisecond
	postgresPoll     = 2 * time.Second
	listenBackoff    = 100 * time.Millisecond
	maxListenBackoff = 30 * time.Second
)

// Version returns the content version, which every content write
// increases.
func (db *DB) Version(ctx context.Context) (int64, error) {
	var v int64
	err := db.read.QueryRowContext(ctx, `SELECT version FROM content_version WHERE id = 1`).Scan(&v)
	if err != nil {
		return 0, fmt.Errorf("store: content version: %w", err)
	}
	return v, nil
}

// WatchVersion calls fn with the new content version whenever it changes,
// whoever changed it, until ctx ends; it returns then. fn runs on one
// goroutine, never twice at once. On SQLite it reads the version every
// half second (another process may write the same file); on PostgreSQL it
// listens for the notifications that content writes send, and reads the
// version every two seconds in case one was missed.
func (db *DB) WatchVersion(ctx context.Context, fn func(int64)) {
	last, err := db.Version(ctx)
	if err != nil {
		last = -1 // unknown: the first version read is news
	}
	wake := make(chan struct{}, 1)
	poll := sqlitePoll
	var wg sync.WaitGroup
	if db.d.notifySQL != "" {
		poll = postgresPoll
		wg.Go(func() { db.listen(ctx, wake) })
	}
	defer wg.Wait()
	tick := time.NewTicker(poll)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		case <-wake:
		}
		v, err := db.Version(ctx)
		switch {
		case err != nil:
			if ctx.Err() == nil {
				db.log.Warn("store: watch content version", "err", err)
			}
		case v != last:
			last = v
			fn(v)
		}
	}
}

// listen wakes the watcher on every notification on the clinic_content
// channel, connecting again with growing pauses when the connection is
// lost.
func (db *DB) listen(ctx context.Context, wake chan<- struct{}) {
	backoff := listenBackoff
	for {
		err := db.listenOnce(ctx, wake, &backoff)
		if ctx.Err() != nil {
			return
		}
		db.log.Warn("store: listen for content changes", "err", err, "retry_in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, maxListenBackoff)
	}
}

func (db *DB) listenOnce(ctx context.Context, wake chan<- struct{}, backoff *time.Duration) error {
	conn, err := pgx.Connect(ctx, db.dsn)
	if err != nil {
		return err
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		conn.Close(closeCtx)
	}()
	if _, err := conn.Exec(ctx, "LISTEN clinic_content"); err != nil {
		return err
	}
	*backoff = listenBackoff
	signal(wake) // changes may have happened while we were not listening
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		signal(wake)
	}
}

// signal wakes the watcher unless it already has a wake-up pending.
func signal(wake chan<- struct{}) {
	select {
	case wake <- struct{}{}:
	default:
	}
}
