package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

// The files of a backup folder besides the manifest.
const (
	InfoName     = "backup.json"
	SQLiteFile   = "database.sqlite"
	PostgresFile = "database.pgdump"
	BlobDir      = "blobs"
)

// Format is the version of the folder's layout that this package writes.
const Format = 1

// Info is what backup.json says about a backup.
type Info struct {
	Format  int       `json:"format"`
	Created time.Time `json:"created"`
	// Database is "sqlite" or "postgres"; its file is SQLiteFile or
	// PostgresFile.
	Database string `json:"database"`
	// ServerVersion is PostgreSQL's server_version_num, for pg_restore.
	ServerVersion int `json:"server_version,omitempty"`
	// DumpVersion is the major version of the pg_dump that wrote the
	// archive: pg_restore must be as new.
	DumpVersion int `json:"pg_dump_version,omitempty"`
	Blobs       int `json:"blobs"`
	// KeyCheck tells the secret key the data was sealed with without
	// giving it away, so that a restore can refuse the wrong one.
	KeyCheck string `json:"key_check"`
}

// DatabaseFile is the file of the backup's database.
func (i Info) DatabaseFile() string {
	if i.Database == "postgres" {
		return PostgresFile
	}
	return SQLiteFile
}

// Writer fills a new backup folder.
type Writer struct {
	dir   string
	sums  []Sum
	bytes int64
}

// Create makes dir for a new backup, its owner's alone (0700). It
// refuses a folder that exists and is not empty.
func Create(dir string) (*Writer, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("backup: make %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	if len(entries) > 0 {
		return nil, fmt.Errorf("backup: %s is not empty: give a new folder for each backup", dir)
	}
	return &Writer{dir: dir}, os.Chmod(dir, 0o700)
}

// Path is where the file name (slash-separated) goes in the folder.
func (w *Writer) Path(name string) string { return filepath.Join(w.dir, filepath.FromSlash(name)) }

// Bytes is the size of the files written so far.
func (w *Writer) Bytes() int64 { return w.bytes }

// Add records a file that was written into the folder by other means
// (VACUUM INTO, pg_dump): it is synced, its mode made 0600 and its
// checksum taken.
func (w *Writer) Add(name string) error {
	f, err := os.OpenFile(w.Path(name), os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("backup: add %s: %w", name, err)
	}
	defer f.Close()
	h := sha256.New()
	n, err := io.Copy(h, f)
	if err == nil {
		err = f.Chmod(0o600)
	}
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		return fmt.Errorf("backup: add %s: %w", name, err)
	}
	w.record(name, h.Sum(nil), n)
	return nil
}

func (w *Writer) record(name string, sum []byte, n int64) {
	w.sums = append(w.sums, Sum{Path: name, Hex: hex.EncodeToString(sum)})
	w.bytes += n
}

// Write copies r into the new file name, making its folders, and syncs it.
func (w *Writer) Write(name string, r io.Reader) error {
	if !validPath(name) {
		return fmt.Errorf("backup: write %q: not a clean path within the folder", name)
	}
	p := w.Path(name)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(f, h), r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", name, err)
	}
	w.record(name, h.Sum(nil), n)
	return nil
}

// Finish writes backup.json, syncs every folder, and writes the manifest
// last: a folder with a manifest is a whole backup.
func (w *Writer) Finish(info Info) error {
	info.Format = Format
	b, err := json.MarshalIndent(info, "", "  ")
	if err != nil {
		return fmt.Errorf("backup: info: %w", err)
	}
	if err := w.Write(InfoName, strings.NewReader(string(b)+"\n")); err != nil {
		return err
	}
	if err := syncDirs(w.dir); err != nil {
		return err
	}
	tmp := w.Path(ManifestName + ".tmp")
	if err := writeSynced(tmp, formatSums(w.sums)); err != nil {
		return err
	}
	if err := os.Rename(tmp, w.Path(ManifestName)); err != nil {
		return fmt.Errorf("backup: manifest: %w", err)
	}
	return syncDir(w.dir)
}

func writeSynced(p string, b []byte) error {
	f, err := os.OpenFile(p, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	_, err = f.Write(b)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("backup: write %s: %w", p, err)
	}
	return nil
}

// syncDirs syncs dir and every folder below it, so that the files'
// names outlast a crash as their contents do.
func syncDirs(dir string) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return syncDir(p)
	})
}

func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("backup: sync %s: %w", dir, err)
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("backup: sync %s: %w", dir, err)
	}
	return nil
}

// Backup is a finished backup folder, checked.
type Backup struct {
	Dir  string
	Info Info
	// Files are the paths the manifest lists.
	Files []string
}

// Path is where the file name (slash-separated) is in the folder.
func (b *Backup) Path(name string) string { return filepath.Join(b.Dir, filepath.FromSlash(name)) }

// Open checks the backup folder dir before anything is restored from it:
// the manifest must be there, every file it lists must have its
// checksum, and every file in the folder must be listed.
func Open(dir string) (*Backup, error) {
	text, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("backup: %s has no %s: it is not a backup folder, or its backup did not finish", dir, ManifestName)
	}
	if err != nil {
		return nil, fmt.Errorf("backup: %w", err)
	}
	sums, err := ParseSums(text)
	if err != nil {
		return nil, err
	}
	b := &Backup{Dir: dir}
	listed := map[string]bool{}
	for _, s := range sums {
		if err := checkSum(b.Path(s.Path), s); err != nil {
			return nil, err
		}
		listed[s.Path] = true
		b.Files = append(b.Files, s.Path)
	}
	if err := unlisted(dir, listed); err != nil {
		return nil, err
	}
	if !listed[InfoName] {
		return nil, fmt.Errorf("backup: the manifest of %s does not list %s", dir, InfoName)
	}
	return b, b.readInfo(listed)
}

func (b *Backup) readInfo(listed map[string]bool) error {
	raw, err := os.ReadFile(b.Path(InfoName))
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := json.Unmarshal(raw, &b.Info); err != nil {
		return fmt.Errorf("backup: %s: %w", InfoName, err)
	}
	if b.Info.Format != Format {
		return fmt.Errorf("backup: %s is of format %d; this version reads format %d", b.Dir, b.Info.Format, Format)
	}
	if b.Info.Database != "sqlite" && b.Info.Database != "postgres" {
		return fmt.Errorf("backup: %s: unknown database %q", InfoName, b.Info.Database)
	}
	if !listed[b.Info.DatabaseFile()] {
		return fmt.Errorf("backup: %s has no %s", b.Dir, b.Info.DatabaseFile())
	}
	return nil
}

// checkSum reads the file at p whole and compares its SHA-256 with s.
func checkSum(p string, s Sum) error {
	f, err := os.Open(p)
	if err != nil {
		return fmt.Errorf("backup: %s is listed in the manifest but cannot be read: %w", s.Path, err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return fmt.Errorf("backup: read %s: %w", s.Path, err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != s.Hex {
		return fmt.Errorf("backup: %s does not match its checksum in the manifest: it changed or is damaged", s.Path)
	}
	return nil
}

// unlisted fails when dir holds a file the manifest does not list.
func unlisted(dir string, listed map[string]bool) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		if rel = filepath.ToSlash(rel); rel != ManifestName && !listed[rel] {
			return fmt.Errorf("backup: %s holds %s, which its manifest does not list", dir, rel)
		}
		return nil
	})
}

// blobPath is where the stored file name goes in the folder: sharded by
// its first two characters, as the data folder keeps it.
func blobPath(name string) string { return path.Join(BlobDir, name[:min(2, len(name))], name) }
