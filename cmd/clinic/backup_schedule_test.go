package main

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/backup"
)

// TestScheduledBackupsComeWhenDueAndOldOnesGo runs the scheduled backup
// at the times of a clock that the test moves: one at the first check,
// none until a day has passed, and never more than the two to keep.
func TestScheduledBackupsComeWhenDueAndOldOnesGo(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := newDataDir(t)
	cfg := Config{DataDir: dir, Backups: BackupConfig{Dir: filepath.Join(t.TempDir(), "backups"), Every: 24 * time.Hour, Keep: 2}}
	if err := os.MkdirAll(cfg.Backups.Dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db := openPlace(t, backupPlace{dir: dir}, "")
	start := time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)
	steps := []struct {
		after time.Duration
		made  bool
	}{{0, true}, {time.Minute, false}, {23 * time.Hour, false}, {24 * time.Hour, true}, {48 * time.Hour, true}, {72 * time.Hour, true}}
	var made []string
	for _, s := range steps {
		at := start.Add(s.after)
		folder, err := runDueBackup(ctx, cfg, db, func() time.Time { return at })
		if err != nil {
			t.Fatalf("at +%v: %v", s.after, err)
		}
		if (folder != "") != s.made {
			t.Errorf("at +%v: made %q, want a backup: %v", s.after, folder, s.made)
		}
		if folder != "" {
			made = append(made, filepath.Base(folder))
			if _, err := backup.Open(folder); err != nil {
				t.Errorf("the backup at +%v does not check: %v", s.after, err)
			}
		}
	}
	entries, err := os.ReadDir(cfg.Backups.Dir)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, e := range entries {
		kept = append(kept, e.Name())
	}
	if diff := cmp.Diff(made[len(made)-2:], kept); diff != "" {
		t.Errorf("backups kept (-want +got):\n%s", diff)
	}
	last, err := db.LastBackup(ctx)
	if err != nil || !last.Equal(start.Add(72*time.Hour)) {
		t.Errorf("LastBackup = %v, %v; want the last one's time", last, err)
	}
}
