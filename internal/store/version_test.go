package store

import (
	"context"
	"testing"
	"time"

	"clinic"
)

func TestWatchVersionSeesAnotherWriter(t *testing.T) {
	forEachDSN(t, func(t *testing.T, dsn string) {
		watcher, writer := openTestDB(t, dsn), openTestDB(t, dsn)
		ctx, cancel := context.WithCancel(context.Background())
		seen := make(chan int64, 10)
		stopped := make(chan struct{})
		go func() {
			watcher.WatchVersion(ctx, func(v int64) { seen <- v })
			close(stopped)
		}()
		time.Sleep(200 * time.Millisecond) // let the watcher read the first version and listen

		start := time.Now()
		mustImport(t, writer, richBundle())
		select {
		case v := <-seen:
			if v != 1 {
				t.Errorf("watcher saw version %d, want 1", v)
			}
			t.Logf("seen after %v", time.Since(start).Round(time.Millisecond))
		case <-time.After(3 * time.Second):
			t.Fatal("the watcher did not see the new version within 3s")
		}
		mustImport(t, writer, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "contact", Title: "Contact"}}})
		select {
		case v := <-seen:
			if v != 2 {
				t.Errorf("watcher saw version %d, want 2", v)
			}
		case <-time.After(3 * time.Second):
			t.Fatal("the watcher did not see the second version within 3s")
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

func TestVersionStartsAtZero(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		if v := mustVersion(t, db); v != 0 {
			t.Errorf("version of a new database = %d", v)
		}
	})
}
