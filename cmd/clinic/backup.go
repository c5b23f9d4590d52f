package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"clinic/internal/backup"
	"clinic/internal/store"
)

// BackupConfig are the scheduled backups. They are set where the server
// is set up, not in the back office: the folder is a path on the server's
// machine (and in its service unit's writable paths), which is the
// operator's to choose, and an editor's account that could point the
// server at any folder could make it write anywhere it may.
type BackupConfig struct {
	Dir   string        // empty: no scheduled backups
	Every time.Duration // how often
	Keep  int           // how many complete backups to keep
}

// backupFlags defines the flags of scheduled backups and returns what
// reads them once the flags are parsed.
func backupFlags(fs *flag.FlagSet, env func(name, def string) string) func() (BackupConfig, error) {
	var c BackupConfig
	every, keep := env("CLINIC_BACKUP_EVERY", "24h"), env("CLINIC_BACKUP_KEEP", "7")
	fs.StringVar(&c.Dir, "backup-dir", env("CLINIC_BACKUP_DIR", ""), "folder of scheduled backups, one subfolder each; empty for none (CLINIC_BACKUP_DIR)")
	fs.StringVar(&every, "backup-every", every, "how often to make a scheduled backup, from 15m to 720h (CLINIC_BACKUP_EVERY)")
	fs.StringVar(&keep, "backup-keep", keep, "how many complete scheduled backups to keep, older ones deleted (CLINIC_BACKUP_KEEP)")
	return func() (BackupConfig, error) {
		var err error
		if c.Every, err = time.ParseDuration(every); err != nil || c.Every < 15*time.Minute || c.Every > 720*time.Hour {
			return c, fmt.Errorf("backup interval %q: give a duration from 15m to 720h, such as 24h", every)
		}
		if c.Keep, err = strconv.Atoi(keep); err != nil || c.Keep < 1 || c.Keep > 1000 {
			return c, fmt.Errorf("backups kept %q: give a number from 1 to 1000", keep)
		}
		return c, nil
	}
}

// backupCommand runs "clinic backup DIR" against the database and files
// of cfg, while the server may keep running.
func backupCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: clinic backup DIR (a new or empty folder)")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	started := time.Now()
	info, size, err := makeBackup(ctx, cfg, db, args[0], started)
	if rerr := db.RecordBackup(context.WithoutCancel(ctx), started, args[0], size, err, time.Now()); err == nil {
		err = rerr
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backed up the %s database and %d stored files (%d MiB) to %s\n", info.Database, info.Blobs, size>>20, args[0])
	fmt.Fprintln(out, "keep the secret key and the key file of stored files apart from it: the backup holds neither")
	return nil
}

// makeBackup writes a backup of the database and the stored files to
// dir: the database first, then the files, then the manifest.
func makeBackup(ctx context.Context, cfg Config, db *store.DB, dir string, now time.Time) (backup.Info, int64, error) {
	info := backup.Info{Created: now.UTC(), Database: db.Dialect()}
	key, err := secretKey(cfg, true)
	if err != nil {
		return info, 0, err
	}
	info.KeyCheck = keyCheck(key)
	w, err := backup.Create(dir)
	if err != nil {
		return info, 0, err
	}
	if err := backupDatabase(ctx, cfg, db, w, &info); err != nil {
		return info, w.Bytes(), err
	}
	if info.Blobs, err = backupBlobs(ctx, cfg, w); err != nil {
		return info, w.Bytes(), err
	}
	return info, w.Bytes(), w.Finish(info)
}

func backupDatabase(ctx context.Context, cfg Config, db *store.DB, w *backup.Writer, info *backup.Info) error {
	if db.Dialect() == "sqlite" {
		if err := db.SnapshotTo(ctx, w.Path(backup.SQLiteFile)); err != nil {
			return err
		}
		return w.Add(backup.SQLiteFile)
	}
	var err error
	if info.ServerVersion, err = db.ServerVersion(ctx); err != nil {
		return err
	}
	if info.DumpVersion, err = backup.DumpPostgres(ctx, cfg.DatabaseURL, info.ServerVersion, w.Path(backup.PostgresFile)); err != nil {
		return err
	}
	return w.Add(backup.PostgresFile)
}

// backupBlobs copies the stored files of the bucket, or of the data
// folder if it has any.
func backupBlobs(ctx context.Context, cfg Config, w *backup.Writer) (int, error) {
	if cfg.BlobS3 == nil {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, blobFolder)); errors.Is(err, fs.ErrNotExist) {
			return 0, nil
		}
	}
	b, err := openBlobBackend(ctx, cfg)
	if err != nil {
		return 0, err
	}
	return backup.CopyBlobs(ctx, w, b)
}

// keyCheck tells a secret key from another without giving it away.
func keyCheck(key []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte("clinic backup key check"))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// backupSchedule is when scheduled backups are due: a failed one is
// tried again after an hour at most, and a run may take six hours
// before another instance takes its place.
func backupSchedule(c BackupConfig) store.BackupSchedule {
	return store.BackupSchedule{Every: c.Every, RetryAfter: min(c.Every, time.Hour), Lease: 6 * time.Hour}
}

// runDueBackup makes a scheduled backup if one is due now and no other
// instance is making one, then deletes the backups past those to keep.
// It returns the new backup's folder, or "" when none was due.
func runDueBackup(ctx context.Context, cfg Config, db *store.DB, now func() time.Time) (string, error) {
	start := now()
	run, ok, err := db.ClaimBackup(ctx, start, backupSchedule(cfg.Backups))
	if err != nil || !ok {
		return "", err
	}
	dir := filepath.Join(cfg.Backups.Dir, backup.FolderName(start))
	_, size, err := makeBackup(ctx, cfg, db, dir, start)
	if ferr := db.FinishBackup(context.WithoutCancel(ctx), run, dir, size, err, now()); err == nil {
		err = ferr
	}
	if err != nil {
		return "", fmt.Errorf("scheduled backup to %s: %w", dir, err)
	}
	if _, err := backup.Prune(cfg.Backups.Dir, cfg.Backups.Keep); err != nil {
		return dir, err
	}
	return dir, nil
}

// scheduleBackups checks every minute whether a backup is due, until ctx
// ends. Every instance runs it; the database lets one of them make each
// backup.
func scheduleBackups(ctx context.Context, cfg Config, db *store.DB, log *slog.Logger) {
	if cfg.Backups.Dir == "" {
		return
	}
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		if dir, err := runDueBackup(ctx, cfg, db, time.Now); err != nil && ctx.Err() == nil {
			log.Error("backup failed", "err", err)
		} else if dir != "" {
			log.Info("backed up", "folder", dir)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
