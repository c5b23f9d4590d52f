package blob

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// pendingFile is an object being written to a temporary file of a Folder.
type pendingFile struct {
	folder *Folder
	name   string
	file   *os.File
	done   bool
}

func (p *pendingFile) Write(b []byte) (int, error) {
	n, err := p.file.Write(b)
	return n, noSpace(err)
}

// Commit syncs the temporary file, renames it to its final name and syncs
// the directory that now holds it. On failure the temporary file is
// removed.
func (p *pendingFile) Commit() error {
	if p.done {
		return errors.New("blob: commit: already finished")
	}
	err := p.commit()
	if err != nil {
		p.Abort()
	}
	p.done = true
	return err
}

func (p *pendingFile) commit() error {
	if err := p.file.Sync(); err != nil {
		return fmt.Errorf("blob: commit: sync: %w", noSpace(err))
	}
	if err := p.file.Close(); err != nil {
		return fmt.Errorf("blob: commit: close: %w", noSpace(err))
	}
	final := p.folder.path(p.name)
	if err := os.Rename(p.file.Name(), final); err != nil {
		return fmt.Errorf("blob: commit: %w", noSpace(err))
	}
	return syncDir(filepath.Dir(final))
}

// Abort closes and removes the temporary file.
func (p *pendingFile) Abort() error {
	if p.done {
		return nil
	}
	p.done = true
	p.file.Close()
	if err := os.Remove(p.file.Name()); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("blob: abort: %w", err)
	}
	return nil
}

// syncDir flushes a directory's entries to disk.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("blob: sync folder: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("blob: sync folder: %w", err)
	}
	return nil
}
