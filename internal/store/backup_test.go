package store

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clinic"
)

func TestBackupRunsAreClaimedOnceAndWhenDue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	daily := BackupSchedule{Every: 24 * time.Hour, RetryAfter: time.Hour, Lease: 30 * time.Minute}
	forEachDialect(t, func(t *testing.T, db *DB) {
		claim := func(t *testing.T, at time.Time, s BackupSchedule) (BackupRun, bool) {
			t.Helper()
			run, ok, err := db.ClaimBackup(ctx, at, s)
			if err != nil {
				t.Fatal(err)
			}
			return run, ok
		}
		first, ok := claim(t, testNow, daily)
		if !ok {
			t.Fatal("the first backup was not claimed")
		}
		t.Run("a run held is not claimed again while its lease runs", func(t *testing.T) {
			if _, ok := claim(t, testNow.Add(10*time.Minute), daily); ok {
				t.Error("claimed a second run while the first is held")
			}
		})
		if err := db.FinishBackup(ctx, first, "clinic-1", 1234, nil, testNow.Add(time.Minute)); err != nil {
			t.Fatal(err)
		}
		t.Run("the last backup is the one finished", func(t *testing.T) {
			got, err := db.LastBackup(ctx)
			if err != nil || !got.Equal(testNow.Add(time.Minute)) {
				t.Errorf("LastBackup = %v, %v; want %v", got, err, testNow.Add(time.Minute))
			}
		})
		t.Run("no run is due before a day has passed", func(t *testing.T) {
			if _, ok := claim(t, testNow.Add(23*time.Hour), daily); ok {
				t.Error("claimed a run 23 hours after the last")
			}
		})
		t.Run("a backup asked for now is due whatever the schedule", func(t *testing.T) {
			run, ok := claim(t, testNow.Add(2*time.Hour), BackupSchedule{Lease: time.Hour})
			if !ok {
				t.Fatal("not claimed")
			}
			if err := db.FinishBackup(ctx, run, "", 0, errors.New("disk full"), testNow.Add(2*time.Hour)); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("a failed run does not count as the last backup", func(t *testing.T) {
			if got, _ := db.LastBackup(ctx); !got.Equal(testNow.Add(time.Minute)) {
				t.Errorf("LastBackup = %v after a failure, want %v", got, testNow.Add(time.Minute))
			}
		})
		abandonedRun, ok := claim(t, testNow.Add(24*time.Hour), daily)
		if !ok {
			t.Fatal("no run claimed a day after the last")
		}
		t.Run("a run whose lease ran out is given up and the next claim takes over", func(t *testing.T) {
			if _, ok := claim(t, testNow.Add(24*time.Hour+31*time.Minute), daily); ok {
				t.Error("claimed within an hour of the last attempt")
			}
			if _, ok := claim(t, testNow.Add(25*time.Hour+time.Minute), daily); !ok {
				t.Error("not claimed after the lease and the retry time")
			}
			err := db.FinishBackup(ctx, abandonedRun, "late", 1, nil, testNow.Add(26*time.Hour))
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("finishing a run given up: %v, want a conflict", err)
			}
		})
		t.Run("a backup made by hand counts as the last, and is no run held", func(t *testing.T) {
			if err := db.RecordBackup(ctx, testNow.Add(26*time.Hour), "by-hand", 10, nil, testNow.Add(27*time.Hour)); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.LastBackup(ctx); !got.Equal(testNow.Add(27 * time.Hour)) {
				t.Errorf("LastBackup = %v, want the one made by hand", got)
			}
			if _, ok := claim(t, testNow.Add(51*time.Hour), daily); !ok {
				t.Error("no run claimed a day after the one made by hand")
			}
		})
	})
}

func TestBackupClaimsOfManyAtOnceTakeOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	forEachDialect(t, func(t *testing.T, db *DB) {
		var mu sync.Mutex
		claimed := 0
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				_, ok, err := db.ClaimBackup(ctx, testNow, BackupSchedule{Every: time.Hour, Lease: time.Hour})
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				defer mu.Unlock()
				if ok {
					claimed++
				}
			})
		}
		wg.Wait()
		if claimed != 1 {
			t.Errorf("%d of 8 claims at once succeeded, want 1", claimed)
		}
	})
}

func TestSnapshotToCopiesWhileOthersWrite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := openTestDB(t, migratedSQLite(t))
	mustImport(t, db, richBundle())
	path := filepath.Join(t.TempDir(), "snapshot.db")
	if err := db.SnapshotTo(ctx, path); err != nil {
		t.Fatal(err)
	}
	mustImport(t, db, &clinic.Bundle{Pages: []*clinic.Page{{Slug: "later", Title: "Written after"}}})
	c := openTestDB(t, path)
	if _, err := c.Page(ctx, "about"); err != nil {
		t.Errorf("the snapshot lacks a page written before it: %v", err)
	}
	if _, err := c.Page(ctx, "later"); clinic.ErrorKind(err) != clinic.ENotFound {
		t.Errorf("the snapshot has a page written after it: %v", err)
	}
}
