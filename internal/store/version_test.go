package store

import (
	"context"
	"fmt"
	"testing"
	"time"

	"clinic"
)

func TestWatchVersionSeesAnotherWriter(t *testing.T) {
	t.Parallel()
	forEachDSN(t, func(t *testing.T, dsn string) {
		watcher, writer := openTestDB(t, dsn), openTestDB(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		seen := make(chan int64, 100)
		stopped := make(chan struct{})
		go func() {
			watcher.WatchVersion(ctx, func(v int64) { seen <- v })
			close(stopped)
		}()
		write := func(i int) {
			mustImport(t, writer, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "contact", Title: fmt.Sprintf("Contact %d", i)}}})
		}

		// The watcher may start before or after the first write; writing
		// until it reports a version shows it running without a sleep to
		// let it start. What it reports is the version written last.
		var got int64
		for i := 1; got == 0; i++ {
			if i > 20 {
				t.Fatal("the watcher reported no version in 20 writes")
			}
			write(i)
			got = nextVersion(seen)
		}
		if want := mustVersion(t, writer); got != want {
			t.Errorf("watcher saw version %d, want the last written, %d", got, want)
		}
		write(100)
		if v := nextVersion(seen); v != got+1 {
			t.Errorf("after one more write the watcher saw version %d, want %d", v, got+1)
		}

		cancel()
		select {
		case <-stopped:
		case <-time.After(3 * time.Second):
			t.Fatal("WatchVersion did not return when its context ended")
		}
		select {
		case v := <-seen:
			t.Errorf("the watcher reported version %d without a change", v)
		default:
		}
	})
}

// nextVersion waits for the watcher's next report, for at most 3 s: more
// than its slowest reading interval. It returns 0 if none came.
func nextVersion(seen <-chan int64) int64 {
	select {
	case v := <-seen:
		return v
	case <-time.After(3 * time.Second):
		return 0
	}
}

func TestVersionStartsAtZero(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		if v := mustVersion(t, db); v != 0 {
			t.Errorf("version of a new database = %d", v)
		}
	})
}
