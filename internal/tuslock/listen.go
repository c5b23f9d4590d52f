package tuslock

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// How long the listener waits before connecting again after losing its
// connection: doubling from the first pause up to the last.
const (
	listenBackoff    = 100 * time.Millisecond
	maxListenBackoff = 30 * time.Second
)

// connect opens the listening connection.
func (l *Locker) connect(ctx context.Context) (*pgx.Conn, error) {
	cfg := l.pool.Config().ConnConfig.Copy()
	cfg.RuntimeParams["application_name"] = "clinic tus listener"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("tuslock: listen: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("tuslock: listen: %w", err)
	}
	return conn, nil
}

// listen hears requests to let go until ctx ends, connecting again with
// growing pauses when the connection is lost. A request sent while it is
// away is lost, but the asker asks again each Retry.
func (l *Locker) listen(ctx context.Context, conn *pgx.Conn) {
	defer close(l.done)
	backoff := listenBackoff
	for {
		if conn != nil {
			err := l.hear(ctx, conn)
			closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
			conn.Close(closeCtx)
			cancel()
			if ctx.Err() != nil {
				return
			}
			l.log.Warn("tuslock: lost the listening connection", "err", err, "retry_in", backoff)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		var err error
		if conn, err = l.connect(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			backoff = min(2*backoff, maxListenBackoff)
			l.log.Warn("tuslock: listen again", "err", err, "retry_in", backoff)
			continue
		}
		backoff = listenBackoff
	}
}

// hear passes each request on conn to the holder here, if any, until
// the connection fails or ctx ends.
func (l *Locker) hear(ctx context.Context, conn *pgx.Conn) error {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		k, token, ok := strings.Cut(n.Payload, " ")
		key, err := strconv.ParseInt(k, 10, 64)
		if !ok || err != nil || token == l.token {
			continue // our own requests are answered directly
		}
		l.release(key)
	}
}
