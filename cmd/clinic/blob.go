package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"path/filepath"
	"time"

	"clinic/internal/blob"
)

// The stored files live in DATA_DIR/blobs unless CLINIC_BLOB_URL names a
// bucket, encrypted under the keys of CLINIC_BLOB_KEY or, when it is
// empty, of DATA_DIR/blob.keys.
const (
	blobFolder  = "blobs"
	blobKeyFile = "blob.keys"
)

// Writes cut off by a crash leave a temporary file in the folder, or an
// unfinished multipart upload in the bucket; they are removed when this
// old. An upload's age is from its start, and one may be under way on
// another instance, hence the longer wait.
const (
	folderLeftoverAge = time.Hour
	uploadLeftoverAge = 24 * time.Hour
)

// pingLimit bounds the check at start-up that the object store answers.
const pingLimit = 30 * time.Second

// openBlobs returns the store of uploaded files, after removing what
// writes cut off by a crash left behind.
func openBlobs(ctx context.Context, cfg Config, now time.Time) (*blob.Store, error) {
	keys, err := blob.LoadKeyring(cfg.BlobKey, filepath.Join(cfg.DataDir, blobKeyFile))
	if err != nil {
		return nil, err
	}
	b, err := openBlobBackend(ctx, cfg)
	if err != nil {
		return nil, err
	}
	switch b := b.(type) {
	case *blob.Folder:
		_, err = b.CleanTemp(now.Add(-folderLeftoverAge))
	case *blob.S3:
		_, err = b.CleanUploads(ctx, now.Add(-uploadLeftoverAge))
	}
	if err != nil {
		return nil, err
	}
	return blob.New(b, keys), nil
}

// openBlobBackend returns where the stored files live: the bucket of
// CLINIC_BLOB_URL, once it answers, or the folder in the data folder,
// made when missing.
func openBlobBackend(ctx context.Context, cfg Config) (blob.Backend, error) {
	if cfg.BlobS3 == nil {
		return blob.NewFolder(filepath.Join(cfg.DataDir, blobFolder))
	}
	b, err := blob.NewS3(ctx, *cfg.BlobS3)
	if err != nil {
		return nil, fmt.Errorf("the object store of CLINIC_BLOB_URL: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, pingLimit)
	defer cancel()
	if err := b.Ping(ctx); err != nil {
		return nil, fmt.Errorf("the object store of CLINIC_BLOB_URL: %w", err)
	}
	return b, nil
}

// blobPlace names where the stored files are, for log lines and
// messages: no key, no secret.
func blobPlace(cfg Config) string {
	if cfg.BlobS3 == nil {
		return filepath.Join(cfg.DataDir, blobFolder)
	}
	c := cfg.BlobS3
	at := c.Endpoint
	if at == "" {
		at = "AWS S3"
	}
	return fmt.Sprintf("bucket %s at %s, prefix %q", c.Bucket, at, c.Prefix)
}

// blobCommand runs clinic blob verify, add-key or reencrypt.
func blobCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 1 {
		return fmt.Errorf("usage: clinic blob verify | add-key | reencrypt")
	}
	switch args[0] {
	case "add-key":
		return addBlobKey(cfg, out)
	case "verify", "reencrypt":
		s, err := openBlobs(ctx, cfg, time.Now())
		if err != nil {
			return err
		}
		if args[0] == "verify" {
			want, err := recordedHashes(ctx, cfg, log)
			if err != nil {
				return err
			}
			rep, err := s.Verify(ctx, want)
			return printBlobReport(out, rep, err, "checked", "intact")
		}
		rep, err := s.Reencrypt(ctx)
		return printBlobReport(out, rep, err, "moved to the newest key", "readable")
	}
	return fmt.Errorf("unknown blob command %q; they are verify, add-key and reencrypt", args[0])
}

// recordedHashes are the SHA-256 the database records for every stored
// file, so that verify also reports files missing and files no record
// names.
func recordedHashes(ctx context.Context, cfg Config, log *slog.Logger) (map[string][sha256.Size]byte, error) {
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	sums, err := db.BlobHashes(ctx)
	if err != nil {
		return nil, err
	}
	want := make(map[string][sha256.Size]byte, len(sums))
	for name, sum := range sums {
		var h [sha256.Size]byte
		if b, err := hex.DecodeString(sum); err == nil && len(b) == sha256.Size {
			copy(h[:], b)
		}
		want[name] = h
	}
	return want, nil
}

// addBlobKey adds a new key to the key file.
func addBlobKey(cfg Config, out io.Writer) error {
	if cfg.BlobKey != "" {
		return fmt.Errorf("the keys come from CLINIC_BLOB_KEY: add a new ID:KEY entry there (docs/OPERATIONS.md)")
	}
	id, err := blob.AddKey(filepath.Join(cfg.DataDir, blobKeyFile))
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "added key %d; restart the server so that new files use it, then run clinic blob reencrypt\n", id)
	return nil
}

// printBlobReport prints a report of verify or reencrypt, each problem on
// a line of its own, and fails when there was one. Names of stored files
// are random and say nothing about a patient.
func printBlobReport(out io.Writer, rep blob.Report, err error, did, fine string) error {
	for _, p := range rep.Problems {
		fmt.Fprintf(out, "%s: %v\n", p.Name, p.Err)
	}
	fmt.Fprintf(out, "%d files (%d MiB) %s\n", rep.Checked, rep.Bytes>>20, did)
	if err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("%d stored files are not %s", len(rep.Problems), fine)
	}
	return nil
}
