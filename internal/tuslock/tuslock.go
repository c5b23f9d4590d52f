// Package tuslock keeps two requests from writing one tus upload at once
// when they reach different instances: it is tusd's handler.Locker on
// PostgreSQL, for a resumed upload may land on any instance behind the
// load balancer, and tusd's own lockers (memory, file) see one machine.
//
// A lock is a session-level advisory lock on a 64-bit key made from the
// upload's ID, held on a connection of its own for as long as tusd holds
// the lock. PostgreSQL frees it when its session ends, so a lock whose
// instance died is free as soon as the server sees the connection close:
// at once when the process dies, within a minute by the server's TCP
// keepalive when its machine vanishes. A holder cut off from PostgreSQL
// for that long loses its lock without knowing; the store's offset check
// and its key on each part's place keep the upload whole even then.
//
// A request that finds the lock held asks its holder to let go, as
// tusd's memory locker does within one process: through NOTIFY on
// PostgreSQL to the other instances, whose listener calls the holder's
// requestRelease (tusd then stops that request and unlocks), and
// directly when the holder is in the same process. It then waits in
// pg_advisory_lock, which PostgreSQL grants the moment the lock is
// freed, and asks again each Retry in case the holder missed the
// request, until the context tusd gives Lock ends: then Lock returns
// handler.ErrLockTimeout, and the waiting connection is closed, which
// drops the wait.
//
// Session-level locks need a session that stays one connection: the
// locker must reach PostgreSQL directly or through a pooler in session
// mode, never one that pools by transaction.
package tuslock

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/tus/tusd/v2/pkg/handler"
)

// channel is where requests to let go of a lock are sent; the payload
// is the lock's key and the token of the locker that asks.
const channel = "clinic_tus_release"

// Options tune a Locker; the zero value is right for a server.
type Options struct {
	// MaxConns bounds the connections the locker opens: one for each
	// upload being written or waited for at this moment (default 32).
	// A request finding none free waits for one, as long as tusd lets it.
	MaxConns int32
	// Retry is how long a request waits for a held lock before asking
	// its holder again (default one second).
	Retry time.Duration
	// Logger hears of a lost listening connection (default: discarded).
	Logger *slog.Logger
}

// Locker hands out locks on uploads, shared by every instance that opens
// one on the same database.
type Locker struct {
	pool  *pgxpool.Pool
	token string // names this locker in the requests it sends
	log   *slog.Logger
	retry time.Duration

	mu   sync.Mutex
	held map[int64]func() // the requestRelease of each lock held here

	stop context.CancelFunc
	done chan struct{} // closed when the listener has stopped
}

// New opens a locker on the PostgreSQL database at dsn and starts
// listening for requests to let go; it returns once it listens.
func New(ctx context.Context, dsn string, opts Options) (*Locker, error) {
	opts = opts.withDefaults()
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("tuslock: %w", err)
	}
	cfg.MaxConns, cfg.MinConns, cfg.MaxConnIdleTime = opts.MaxConns, 0, time.Minute
	params := cfg.ConnConfig.RuntimeParams
	params["application_name"] = "clinic tus locks"
	// A wait in pg_advisory_lock ends after Retry, to ask the holder again.
	params["lock_timeout"] = strconv.FormatInt(opts.Retry.Milliseconds(), 10)
	// The server probes an idle session after 30 s and ends it after three
	// probes unanswered, 10 s apart: a lock whose machine vanished without
	// closing its connection is free within about a minute, not the hours
	// of the system's defaults.
	params["tcp_keepalives_idle"], params["tcp_keepalives_interval"], params["tcp_keepalives_count"] = "30", "10", "3"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("tuslock: %w", err)
	}
	l := &Locker{pool: pool, token: newToken(), log: opts.Logger, retry: opts.Retry,
		held: map[int64]func(){}, done: make(chan struct{})}
	conn, err := l.connect(ctx)
	if err != nil {
		pool.Close()
		return nil, err
	}
	lctx, stop := context.WithCancel(context.Background())
	l.stop = stop
	go l.listen(lctx, conn)
	return l, nil
}

func (o Options) withDefaults() Options {
	if o.MaxConns <= 0 {
		o.MaxConns = 32
	}
	if o.Retry < 10*time.Millisecond {
		o.Retry = time.Second
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

func newToken() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Close stops listening, asks the requests that still hold locks to let
// go, waits for them to unlock and closes the locker's connections. Call
// it after the HTTP server has stopped; it returns at once unless a
// request outlived the server's shutdown.
func (l *Locker) Close() {
	l.stop()
	<-l.done
	l.mu.Lock()
	holders := make([]func(), 0, len(l.held))
	for _, release := range l.held {
		holders = append(holders, release)
	}
	l.mu.Unlock()
	for _, release := range holders {
		release()
	}
	l.pool.Close()
}

// UseIn makes the locker the one of tusd's composer.
func (l *Locker) UseIn(c *handler.StoreComposer) { c.UseLocker(l) }

// NewLock returns the lock of the upload id, not yet taken.
func (l *Locker) NewLock(id string) (handler.Lock, error) {
	return &lock{l: l, key: key(id)}, nil
}

// key is the advisory lock's key for an upload: 64 bits of a hash, so
// that no two uploads need arranging, and none meets the store's keys
// (made by hashtextextended from other texts) but by a 2⁻⁶⁴ chance.
func key(id string) int64 {
	h := sha256.Sum256([]byte("clinic tus upload\x00" + id))
	return int64(binary.BigEndian.Uint64(h[:8]))
}

// hold records the requestRelease of a lock taken here.
func (l *Locker) hold(k int64, release func()) {
	l.mu.Lock()
	l.held[k] = release
	l.mu.Unlock()
}

// letGo forgets the lock on k.
func (l *Locker) letGo(k int64) {
	l.mu.Lock()
	delete(l.held, k)
	l.mu.Unlock()
}

// release asks the holder here of the lock on k, if any, to let go, and
// reports whether there was one.
func (l *Locker) release(k int64) bool {
	l.mu.Lock()
	fn := l.held[k]
	l.mu.Unlock()
	if fn != nil {
		fn()
	}
	return fn != nil
}
