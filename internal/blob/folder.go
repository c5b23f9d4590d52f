package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// Folder is a Backend in a local directory. An object named n lives in
// DIR/n[:2]/n; objects being written live in DIR/tmp until they are
// committed. Directories are 0700 and files 0600.
type Folder struct {
	dir string
}

// tmpDir is the subdirectory of objects being written. It is never a
// valid shard name, which is two hex digits.
const tmpDir = "tmp"

// NewFolder returns a Folder in dir, creating it when missing and making
// it its owner's alone (0700) when it is not. It makes the 256 shard
// directories up front and syncs them, so that no commit depends on a
// directory another commit is still making.
func NewFolder(dir string) (*Folder, error) {
	if err := os.MkdirAll(filepath.Join(dir, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("blob: folder: %w", err)
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return nil, fmt.Errorf("blob: folder: %w", err)
	}
	for i := range 256 {
		err := os.Mkdir(filepath.Join(dir, fmt.Sprintf("%02x", i)), 0o700)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return nil, fmt.Errorf("blob: folder: %w", noSpace(err))
		}
	}
	if err := syncDir(dir); err != nil {
		return nil, err
	}
	return &Folder{dir: dir}, nil
}

func (f *Folder) path(name string) string {
	return filepath.Join(f.dir, name[:2], name)
}

// Create writes to a new temporary file in DIR/tmp.
func (f *Folder) Create(ctx context.Context, name string) (Pending, error) {
	if !validName(name) {
		return nil, fmt.Errorf("blob: create: bad name %q", name)
	}
	tmp, err := os.CreateTemp(filepath.Join(f.dir, tmpDir), name+".*") // 0600
	if err != nil {
		return nil, fmt.Errorf("blob: create: %w", noSpace(err))
	}
	return &pendingFile{folder: f, name: name, file: tmp}, nil
}

// Open opens the object's file.
func (f *Folder) Open(ctx context.Context, name string) (io.ReadCloser, error) {
	if !validName(name) {
		return nil, notFound(name, fs.ErrNotExist)
	}
	file, err := os.Open(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, notFound(name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("blob: open: %w", err)
	}
	return file, nil
}

// Stat reads the object's file size and time.
func (f *Folder) Stat(ctx context.Context, name string) (Object, error) {
	if !validName(name) {
		return Object{}, notFound(name, fs.ErrNotExist)
	}
	fi, err := os.Stat(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return Object{}, notFound(name, err)
	}
	if err != nil {
		return Object{}, fmt.Errorf("blob: stat: %w", err)
	}
	return Object{Name: name, Size: fi.Size(), Modified: fi.ModTime()}, nil
}

// Delete removes the object's file and syncs its directory, so that the
// removal outlasts a crash.
func (f *Folder) Delete(ctx context.Context, name string) error {
	if !validName(name) {
		return notFound(name, fs.ErrNotExist)
	}
	err := os.Remove(f.path(name))
	if errors.Is(err, fs.ErrNotExist) {
		return notFound(name, err)
	}
	if err != nil {
		return fmt.Errorf("blob: delete: %w", err)
	}
	return syncDir(filepath.Dir(f.path(name)))
}

// List reads every shard directory. Files that are not objects (such as
// temporary files) are not listed.
func (f *Folder) List(ctx context.Context, fn func(Object) error) error {
	shards, err := os.ReadDir(f.dir)
	if err != nil {
		return fmt.Errorf("blob: list: %w", err)
	}
	for _, shard := range shards {
		if !shard.IsDir() || len(shard.Name()) != 2 || !isHex(shard.Name()) {
			continue
		}
		if err := f.listShard(ctx, shard.Name(), fn); err != nil {
			return err
		}
	}
	return nil
}

func (f *Folder) listShard(ctx context.Context, shard string, fn func(Object) error) error {
	entries, err := os.ReadDir(filepath.Join(f.dir, shard))
	if err != nil {
		return fmt.Errorf("blob: list: %w", err)
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		name := e.Name()
		if !e.Type().IsRegular() || !validName(name) || name[:2] != shard {
			continue
		}
		fi, err := e.Info()
		if errors.Is(err, fs.ErrNotExist) {
			continue // deleted meanwhile
		}
		if err != nil {
			return fmt.Errorf("blob: list: %w", err)
		}
		if err := fn(Object{Name: name, Size: fi.Size(), Modified: fi.ModTime()}); err != nil {
			return err
		}
	}
	return nil
}

// CleanTemp removes temporary files last written before the given time:
// what a crash or a killed process left behind. Writes still under way
// touch their file with every write, so a cut-off well in the past (an
// hour, say) leaves them alone. It returns how many files it removed.
func (f *Folder) CleanTemp(before time.Time) (int, error) {
	dir := filepath.Join(f.dir, tmpDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("blob: clean: %w", err)
	}
	removed := 0
	for _, e := range entries {
		fi, err := e.Info()
		if err != nil || !fi.ModTime().Before(before) {
			continue // gone meanwhile, or still being written
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("blob: clean: %w", err)
		}
		removed++
	}
	return removed, nil
}
