package tuslock

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/tus/tusd/v2/pkg/handler"

	"clinic/internal/pgtest"
)

// patience bounds every wait for an event; the events come at once.
const patience = 20 * time.Second

// newLocker opens a locker on dsn as an instance would, closed when the
// test ends.
func newLocker(t *testing.T, dsn string, opts Options) *Locker {
	t.Helper()
	l, err := New(context.Background(), dsn, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(l.Close)
	return l
}

func newLock(t *testing.T, l *Locker, id string) *lock {
	t.Helper()
	k, err := l.NewLock(id)
	if err != nil {
		t.Fatal(err)
	}
	return k.(*lock)
}

func mustLock(t *testing.T, k *lock, release func()) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	if err := k.Lock(ctx, release); err != nil {
		t.Fatalf("lock: %v", err)
	}
}

// lockLater takes k on another goroutine and sends the result.
func lockLater(k *lock) <-chan error {
	got := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), patience)
		defer cancel()
		got <- k.Lock(ctx, func() {})
	}()
	return got
}

// signal returns a release function that tells ch, and ch.
func signal() (func(), chan struct{}) {
	ch := make(chan struct{}, 1)
	return func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}, ch
}

func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(patience):
		t.Fatalf("%s did not happen", what)
		panic("unreachable")
	}
}

// heldElsewhere reports whether another session holds the lock of id.
func heldElsewhere(t *testing.T, dsn, id string) bool {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var free bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1)`, key(id)).Scan(&free); err != nil {
		t.Fatal(err)
	}
	return !free // the session ends here, and with it a lock it took
}

// checkNothingHeld checks that l holds no connection and no lock. The
// pool closes a broken connection on its own goroutine, and counts it
// acquired until then.
func checkNothingHeld(t *testing.T, l *Locker) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for l.pool.Stat().AcquiredConns() != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if n := l.pool.Stat().AcquiredConns(); n != 0 {
		t.Errorf("%d connections still acquired", n)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.held) != 0 {
		t.Errorf("%d locks still recorded as held", len(l.held))
	}
}

func TestASecondInstanceAsksTheHolderToLetGo(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	a, b := newLocker(t, dsn, Options{}), newLocker(t, dsn, Options{})
	first, second := newLock(t, a, "upload-1"), newLock(t, b, "upload-1")
	release, asked := signal()
	mustLock(t, first, release)
	if !heldElsewhere(t, dsn, "upload-1") {
		t.Fatal("the lock is free in PostgreSQL while the first instance holds it")
	}
	got := lockLater(second)
	await(t, asked, "the holder's requestRelease")
	select {
	case err := <-got:
		t.Fatalf("the second instance's Lock returned while the first held the lock: %v", err)
	default:
	}
	if err := first.Unlock(); err != nil {
		t.Fatal(err)
	}
	if err := await(t, got, "the second instance's lock"); err != nil {
		t.Fatalf("second lock: %v", err)
	}
	if !heldElsewhere(t, dsn, "upload-1") {
		t.Error("the lock is free in PostgreSQL while the second instance holds it")
	}
	if err := second.Unlock(); err != nil {
		t.Fatal(err)
	}
	checkNothingHeld(t, a)
	checkNothingHeld(t, b)
}

func TestTwoRequestsOnOneInstance(t *testing.T) {
	t.Parallel()
	a := newLocker(t, pgtest.NewDatabase(t), Options{})
	first, second := newLock(t, a, "upload-1"), newLock(t, a, "upload-1")
	release, asked := signal()
	mustLock(t, first, release)
	got := lockLater(second)
	await(t, asked, "the holder's requestRelease")
	first.Unlock()
	if err := await(t, got, "the second request's lock"); err != nil {
		t.Fatal(err)
	}
	second.Unlock()
	checkNothingHeld(t, a)
}

func TestLockGivesUpWhenItsContextEnds(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	a, b := newLocker(t, dsn, Options{}), newLocker(t, dsn, Options{})
	holder := newLock(t, a, "upload-1")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	mustLock(t, holder, cancel) // the request to let go ends the waiter's context
	t.Run("while waiting for the holder", func(t *testing.T) {
		if err := newLock(t, b, "upload-1").Lock(ctx, func() {}); !errors.Is(err, handler.ErrLockTimeout) {
			t.Fatalf("Lock = %v, want ErrLockTimeout", err)
		}
	})
	t.Run("already ended", func(t *testing.T) {
		if err := newLock(t, b, "upload-2").Lock(ctx, func() {}); !errors.Is(err, handler.ErrLockTimeout) {
			t.Fatalf("Lock = %v, want ErrLockTimeout", err)
		}
	})
	if !heldElsewhere(t, dsn, "upload-1") {
		t.Error("the holder lost its lock")
	}
	checkNothingHeld(t, b)
	holder.Unlock()
	checkNothingHeld(t, a)
}

func TestTheLockOfADeadInstanceIsFreed(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	a, b := newLocker(t, dsn, Options{}), newLocker(t, dsn, Options{})
	dead := newLock(t, a, "upload-1")
	release, asked := signal()
	mustLock(t, dead, release)
	waiter := newLock(t, b, "upload-1")
	got := lockLater(waiter)
	await(t, asked, "the holder's requestRelease")
	// The instance dies: its connection ends without a word to the server.
	if err := dead.conn.Conn().PgConn().Conn().Close(); err != nil {
		t.Fatal(err)
	}
	if err := await(t, got, "the waiting instance's lock"); err != nil {
		t.Fatalf("lock after the holder died: %v", err)
	}
	if err := dead.Unlock(); err == nil {
		t.Error("unlocking on a lost connection reported no error")
	}
	waiter.Unlock()
	checkNothingHeld(t, a)
	checkNothingHeld(t, b)
}

func TestUnlockTwiceIsHarmless(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	a := newLocker(t, dsn, Options{})
	if err := newLock(t, a, "upload-1").Unlock(); err != nil {
		t.Errorf("unlock of a lock never taken: %v", err)
	}
	k := newLock(t, a, "upload-1")
	mustLock(t, k, func() {})
	for i := range 2 {
		if err := k.Unlock(); err != nil {
			t.Errorf("unlock %d: %v", i+1, err)
		}
	}
	if heldElsewhere(t, dsn, "upload-1") {
		t.Error("still held after unlocking")
	}
	mustLock(t, k, func() {}) // and it can be taken again
	k.Unlock()
	checkNothingHeld(t, a)
}

func TestCloseAsksTheHoldersToLetGo(t *testing.T) {
	t.Parallel()
	a, err := New(context.Background(), pgtest.NewDatabase(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	holder := newLock(t, a, "upload-1")
	release, asked := signal()
	mustLock(t, holder, release)
	closed := make(chan struct{})
	go func() {
		a.Close()
		close(closed)
	}()
	await(t, asked, "the holder's requestRelease")
	select {
	case <-closed:
		t.Fatal("Close returned while a lock was held")
	default:
	}
	holder.Unlock()
	await(t, closed, "Close")
}

func TestLockSessionsAreProbedWhenIdle(t *testing.T) {
	t.Parallel()
	a := newLocker(t, pgtest.NewDatabase(t), Options{})
	k := newLock(t, a, "upload-1")
	mustLock(t, k, func() {})
	defer k.Unlock()
	var idle, timeout string
	err := k.conn.QueryRow(context.Background(), `SELECT current_setting('tcp_keepalives_idle'), current_setting('lock_timeout')`).Scan(&idle, &timeout)
	if err != nil {
		t.Fatal(err)
	}
	if idle != "30" || timeout != "1s" {
		t.Errorf("tcp_keepalives_idle %q, lock_timeout %q; want 30 and 1s", idle, timeout)
	}
}

func TestAskingAgainReachesAListenerThatReconnected(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	a, b := newLocker(t, dsn, Options{}), newLocker(t, dsn, Options{Retry: 20 * time.Millisecond})
	holder := newLock(t, a, "upload-1")
	release, asked := signal()
	mustLock(t, holder, release)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND application_name = 'clinic tus listener'`); err != nil {
		t.Fatal(err)
	}
	waiter := newLock(t, b, "upload-1")
	got := lockLater(waiter)
	await(t, asked, "the holder's requestRelease after its listener came back")
	holder.Unlock()
	if err := await(t, got, "the second instance's lock"); err != nil {
		t.Fatal(err)
	}
	waiter.Unlock()
}

func TestManyUploadsAtOnce(t *testing.T) {
	t.Parallel()
	dsn := pgtest.NewDatabase(t)
	lockers := []*Locker{newLocker(t, dsn, Options{MaxConns: 4}), newLocker(t, dsn, Options{MaxConns: 4})}
	const requests, uploads = 300, 25
	var inside [uploads]atomic.Int32
	errs := make(chan error, requests)
	var wg sync.WaitGroup
	for i := range requests {
		wg.Go(func() {
			id := fmt.Sprintf("upload-%d", i%uploads)
			k, _ := lockers[i%2].NewLock(id)
			ctx, cancel := context.WithTimeout(context.Background(), patience)
			defer cancel()
			if err := k.Lock(ctx, func() {}); err != nil {
				errs <- err
				return
			}
			if n := inside[i%uploads].Add(1); n != 1 {
				errs <- fmt.Errorf("%d requests hold the lock of %s at once", n, id)
			}
			inside[i%uploads].Add(-1)
			if err := k.Unlock(); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	for _, l := range lockers {
		checkNothingHeld(t, l)
	}
	checkNoAdvisoryLocks(t, dsn)
}

// checkNoAdvisoryLocks checks that no session holds an advisory lock in
// the database of dsn.
func checkNoAdvisoryLocks(t *testing.T, dsn string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int
	err = conn.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("%d advisory locks still held", n)
	}
}

// BenchmarkLockUnlock measures what the locker adds to each tus request
// when nobody else wants the upload: a lock taken and let go.
func BenchmarkLockUnlock(b *testing.B) {
	l, err := New(context.Background(), pgtest.NewDatabase(b), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	for i := 0; b.Loop(); i++ {
		k, _ := l.NewLock(strconv.Itoa(i % 100))
		if err := k.Lock(ctx, func() {}); err != nil {
			b.Fatal(err)
		}
		if err := k.Unlock(); err != nil {
			b.Fatal(err)
		}
	}
}
