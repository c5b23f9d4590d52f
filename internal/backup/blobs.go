package backup

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"

	"clinic"
	"clinic/internal/blob"
)

// CopyBlobs copies every stored file of b into the folder, as stored
// (encrypted), and returns how many it copied. A file deleted while the
// copy runs is left out. Back the database up first: files are written
// before the database names them and deleted after it stops naming them,
// so every file that the database copy names is still there to copy.
func CopyBlobs(ctx context.Context, w *Writer, b blob.Backend) (int, error) {
	var names []string
	err := b.List(ctx, func(o blob.Object) error {
		names = append(names, o.Name)
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("backup: list stored files: %w", err)
	}
	n := 0
	for _, name := range names {
		copied, err := copyBlob(ctx, w, b, name)
		if err != nil {
			return n, err
		}
		if copied {
			n++
		}
	}
	return n, nil
}

func copyBlob(ctx context.Context, w *Writer, b blob.Backend, name string) (bool, error) {
	r, err := b.Open(ctx, name)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return false, nil // deleted since the listing
	}
	if err != nil {
		return false, fmt.Errorf("backup: stored file %s: %w", name, err)
	}
	defer r.Close()
	return true, w.Write(blobPath(name), r)
}

// errNotEmpty stops a listing at its first object.
var errNotEmpty = errors.New("not empty")

// CheckEmpty fails when b holds a stored file: a restore never mixes its
// files with others.
func CheckEmpty(ctx context.Context, b blob.Backend) error {
	err := b.List(ctx, func(blob.Object) error { return errNotEmpty })
	if errors.Is(err, errNotEmpty) {
		return clinic.Errorf(clinic.EConflict, "The store of files already holds files; restore into an empty data folder, or an empty bucket (or a new prefix in one).")
	}
	if err != nil {
		return fmt.Errorf("backup: list stored files: %w", err)
	}
	return nil
}

// RestoreBlobs writes every stored file of the backup into b, each whole
// and synced before it is visible, and returns how many it wrote.
func RestoreBlobs(ctx context.Context, bk *Backup, b blob.Backend) (int, error) {
	n := 0
	for _, p := range bk.Files {
		if !strings.HasPrefix(p, BlobDir+"/") {
			continue
		}
		if err := restoreBlob(ctx, bk, b, p); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func restoreBlob(ctx context.Context, bk *Backup, b blob.Backend, p string) error {
	name := path.Base(p)
	if blobPath(name) != p {
		return fmt.Errorf("backup: %s is not where a stored file goes", p)
	}
	src, err := openFile(bk.Path(p))
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := b.Create(ctx, name)
	if err != nil {
		return fmt.Errorf("backup: restore %s: %w", name, err)
	}
	if _, err := copyCtx(ctx, dst, src); err != nil {
		dst.Abort()
		return fmt.Errorf("backup: restore %s: %w", name, err)
	}
	if err := dst.Commit(); err != nil {
		return fmt.Errorf("backup: restore %s: %w", name, err)
	}
	return nil
}
