package tuslock

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tus/tusd/v2/pkg/handler"
)

// unlockTimeout bounds the unlocking query; a connection that does not
// answer in time is closed, which frees the lock just the same.
const unlockTimeout = 5 * time.Second

// lock is one upload's lock, as tusd takes it for one request.
type lock struct {
	l   *Locker
	key int64

	mu   sync.Mutex
	conn *pgxpool.Conn // the session that holds the lock; nil when not held
}

// Lock takes the lock, asking its holder to let go and waiting while the
// lock is held elsewhere, until ctx ends: then it returns
// handler.ErrLockTimeout.
func (k *lock) Lock(ctx context.Context, requestRelease func()) error {
	conn, err := k.l.pool.Acquire(ctx)
	if err != nil {
		return lockError(ctx, err)
	}
	if err := k.l.take(ctx, conn, k.key); err != nil {
		// A connection whose query ctx interrupted is closed by pgx and so
		// not returned to the pool: a lock granted just then is freed.
		conn.Release()
		return lockError(ctx, err)
	}
	k.mu.Lock()
	k.conn = conn
	k.mu.Unlock()
	k.l.hold(k.key, requestRelease)
	return nil
}

// lockError is handler.ErrLockTimeout when ctx has ended, else err.
func lockError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return handler.ErrLockTimeout
	}
	return fmt.Errorf("tuslock: lock: %w", err)
}

// take takes the lock on key for the session of conn, waiting while
// another session holds it.
func (l *Locker) take(ctx context.Context, conn *pgxpool.Conn, key int64) error {
	var ok bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&ok); err != nil || ok {
		return err
	}
	for {
		if err := l.ask(ctx, conn, key); err != nil {
			return err
		}
		// Granted when the holder unlocks or its session ends; a wait of
		// longer than Retry fails with lock_not_available, and we ask again.
		_, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, key)
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || pgErr.Code != "55P03" {
			return err
		}
	}
}

// ask asks the holder of the lock on key to let go: directly when it is
// here, else through NOTIFY to the other instances.
func (l *Locker) ask(ctx context.Context, conn *pgxpool.Conn, key int64) error {
	if l.release(key) {
		return nil
	}
	payload := strconv.FormatInt(key, 10) + " " + l.token
	_, err := conn.Exec(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}

// Unlock lets go of the lock; unlocking a lock not held does nothing.
func (k *lock) Unlock() error {
	k.mu.Lock()
	conn := k.conn
	k.conn = nil
	k.mu.Unlock()
	if conn == nil {
		return nil
	}
	k.l.letGo(k.key)
	defer conn.Release()
	ctx, cancel := context.WithTimeout(context.Background(), unlockTimeout)
	defer cancel()
	var ok bool
	err := conn.QueryRow(ctx, `SELECT pg_advisory_unlock($1)`, k.key).Scan(&ok)
	if err == nil && ok {
		return nil
	}
	// Ending the session frees whatever it may still hold; Release then
	// drops the closed connection from the pool.
	conn.Conn().Close(ctx)
	if err == nil {
		err = errors.New("the session did not hold the lock")
	}
	return fmt.Errorf("tuslock: unlock: %w", err)
}
