package backup

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

func openFile(p string) (*os.File, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	return f, nil
}

// copyCtx copies src to dst, stopping between chunks when ctx ends.
func copyCtx(ctx context.Context, dst io.Writer, src io.Reader) (int64, error) {
	buf := make([]byte, 256<<10)
	var n int64
	for {
		if err := ctx.Err(); err != nil {
			return n, err
		}
		k, err := src.Read(buf)
		if k > 0 {
			if _, werr := dst.Write(buf[:k]); werr != nil {
				return n, werr
			}
			n += int64(k)
		}
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return n, err
		}
	}
}

// RestoreSQLite copies the backup's SQLite database to path, which must
// not exist, whole and synced before it appears under its name (0600).
func RestoreSQLite(ctx context.Context, bk *Backup, path string) error {
	for _, p := range []string{path, path + "-wal"} {
		if _, err := os.Stat(p); err == nil {
			return fmt.Errorf("backup: %s exists: restore into an empty data folder", p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	src, err := openFile(bk.Path(SQLiteFile))
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := path + ".restoring"
	dst, err := os.OpenFile(tmp, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: restore the database: %w", err)
	}
	_, err = copyCtx(ctx, dst, src)
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup: restore the database: %w", err)
	}
	return syncDir(filepath.Dir(path))
}

// folderPrefix starts the name of every folder that scheduled backups
// make; the rest is the time, so that names sort as times do.
const folderPrefix = "clinic-"

// FolderName is the name of the folder of a scheduled backup made at t.
func FolderName(t time.Time) string {
	return folderPrefix + t.UTC().Format("20060102T150405.000Z")
}

// Folder is a backup folder found in the folder of scheduled backups.
type Folder struct {
	Name     string
	Complete bool // it has its manifest
}

// Expired returns the folders to delete so that the newest keep complete
// backups remain: every folder older than the oldest of those, complete
// or not (an incomplete one is what a failed or interrupted run left).
// Folders newer than it stay, so that a backup under way is never
// touched. Fewer than keep complete backups: nothing is deleted.
func Expired(folders []Folder, keep int) []string {
	sorted := slices.Clone(folders)
	slices.SortFunc(sorted, func(a, b Folder) int { return strings.Compare(b.Name, a.Name) }) // newest first
	complete := 0
	for i, f := range sorted {
		if f.Complete {
			complete++
		}
		if complete == keep {
			var old []string
			for _, o := range sorted[i+1:] {
				old = append(old, o.Name)
			}
			return old
		}
	}
	return nil
}

// Prune deletes the backup folders in root that Expired names, keeping
// the newest keep complete ones, and returns their names. Only folders
// whose names FolderName makes are considered.
func Prune(root string, keep int) ([]string, error) {
	if keep < 1 {
		return nil, fmt.Errorf("backup: keep at least one backup, not %d", keep)
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		return nil, fmt.Errorf("backup: prune: %w", err)
	}
	var folders []Folder
	for _, e := range entries {
		if !e.IsDir() || !strings.HasPrefix(e.Name(), folderPrefix) {
			continue
		}
		_, err := os.Stat(filepath.Join(root, e.Name(), ManifestName))
		folders = append(folders, Folder{Name: e.Name(), Complete: err == nil})
	}
	old := Expired(folders, keep)
	for i, name := range old {
		if err := os.RemoveAll(filepath.Join(root, name)); err != nil {
			return old[:i], fmt.Errorf("backup: prune: %w", err)
		}
	}
	return old, nil
}
