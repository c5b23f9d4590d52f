package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"

	"clinic"
	"clinic/internal/backup"
	"clinic/internal/store"
)

// restoreCommand runs "clinic restore DIR": it checks the backup in DIR
// against its manifest, then restores it into the empty database and
// data folder of cfg, and brings the schema up to date.
func restoreCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: clinic restore DIR (a folder that clinic backup wrote)")
	}
	bk, err := backup.Open(args[0])
	if err != nil {
		return err
	}
	if err := checkRestoreTarget(ctx, cfg, bk); err != nil {
		return err
	}
	if err := restoreDatabase(ctx, cfg, bk); err != nil {
		return err
	}
	n, err := restoreBlobs(ctx, cfg, bk)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, cfg, log) // applies newer migrations
	if err != nil {
		return fmt.Errorf("the restored database does not open: %w", err)
	}
	defer db.Close()
	fmt.Fprintf(out, "restored the %s database of %s and %d stored files from %s\n",
		bk.Info.Database, bk.Info.Created.Format("2006-01-02 15:04:05 MST"), n, args[0])
	if n > 0 && cfg.BlobKey == "" {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, blobKeyFile)); err != nil {
			fmt.Fprintf(out, "put the key file of stored files back as %s (or set CLINIC_BLOB_KEY) before starting the server\n", filepath.Join(cfg.DataDir, blobKeyFile))
		}
	}
	return nil
}

// checkRestoreTarget refuses a backup of the other kind of database, a
// secret key that is not the one the data was sealed with, and a data
// folder that already holds stored files, before anything is written.
func checkRestoreTarget(ctx context.Context, cfg Config, bk *backup.Backup) error {
	want := "sqlite"
	if store.IsPostgres(cfg.DatabaseURL) {
		want = "postgres"
	}
	if bk.Info.Database != want {
		return clinic.Errorf(clinic.EInvalid, "The backup is of a %s database but CLINIC_DATABASE_URL selects %s: restore a PostgreSQL backup into a database named by CLINIC_DATABASE_URL, a SQLite backup into a data folder without it.", bk.Info.Database, want)
	}
	key, err := secretKey(cfg, true)
	if err != nil {
		return fmt.Errorf("the secret key the backup's data was sealed with is needed first: %w", err)
	}
	if keyCheck(key) != bk.Info.KeyCheck {
		return clinic.Errorf(clinic.EInvalid, "The secret key (CLINIC_SECRET_KEY or %s) is not the one the backup's data was sealed with: patient data would not open. Put the right key in place first.", filepath.Join(cfg.DataDir, "secret.key"))
	}
	if cfg.BlobS3 == nil {
		if _, err := os.Stat(filepath.Join(cfg.DataDir, blobFolder)); errors.Is(err, fs.ErrNotExist) {
			return nil
		}
	}
	b, err := openBlobBackend(ctx, cfg)
	if err != nil {
		return err
	}
	return backup.CheckEmpty(ctx, b)
}

// restoreDatabase loads the backup's database into the empty one of cfg.
func restoreDatabase(ctx context.Context, cfg Config, bk *backup.Backup) error {
	if bk.Info.Database == "postgres" {
		return backup.RestorePostgres(ctx, cfg.DatabaseURL, bk.Path(backup.PostgresFile), bk.Info.DumpVersion)
	}
	path := cfg.DatabaseURL
	if path == "" {
		path = filepath.Join(cfg.DataDir, "clinic.db")
	}
	return backup.RestoreSQLite(ctx, bk, path)
}

// restoreBlobs writes the backup's stored files into the data folder,
// or into the bucket of CLINIC_BLOB_URL.
func restoreBlobs(ctx context.Context, cfg Config, bk *backup.Backup) (int, error) {
	if bk.Info.Blobs == 0 {
		return 0, nil
	}
	b, err := openBlobBackend(ctx, cfg)
	if err != nil {
		return 0, err
	}
	return backup.RestoreBlobs(ctx, bk, b)
}
