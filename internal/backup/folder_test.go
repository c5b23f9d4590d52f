package backup

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/blob"
)

var created = time.Date(2026, 3, 1, 2, 0, 0, 0, time.UTC)

// storeFiles puts n files in a blob folder of its own and returns it
// with the bytes stored under each name.
func storeFiles(t *testing.T, n int) (*blob.Folder, map[string][]byte) {
	t.Helper()
	folder, err := blob.NewFolder(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := blob.ParseKeyring("1:" + base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{9}, 32)))
	if err != nil {
		t.Fatal(err)
	}
	s := blob.New(folder, keys)
	stored := map[string][]byte{}
	for i := range n {
		st, err := s.Put(context.Background(), strings.NewReader(strings.Repeat("scan ", 1000*(i+1))))
		if err != nil {
			t.Fatal(err)
		}
		stored[st.Name] = readStored(t, folder, st.Name)
	}
	return folder, stored
}

func readStored(t *testing.T, b blob.Backend, name string) []byte {
	t.Helper()
	r, err := b.Open(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	got, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// writeBackup makes a backup folder with a stand-in database file and
// the files of src.
func writeBackup(t *testing.T, src blob.Backend) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "backup")
	w, err := Create(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(w.Path(SQLiteFile), []byte("SQLite format 3\x00 and the rest"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := w.Add(SQLiteFile); err != nil {
		t.Fatal(err)
	}
	n, err := CopyBlobs(context.Background(), w, src)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Finish(Info{Created: created, Database: "sqlite", Blobs: n, KeyCheck: "k"}); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestABackupRestoresEveryStoredFileByteForByte(t *testing.T) {
	t.Parallel()
	src, stored := storeFiles(t, 3)
	bk, err := Open(writeBackup(t, src))
	if err != nil {
		t.Fatal(err)
	}
	want := Info{Format: Format, Created: created, Database: "sqlite", Blobs: 3, KeyCheck: "k"}
	if diff := cmp.Diff(want, bk.Info); diff != "" {
		t.Errorf("info (-want +got):\n%s", diff)
	}
	dst, err := blob.NewFolder(filepath.Join(t.TempDir(), "restored"))
	if err != nil {
		t.Fatal(err)
	}
	if n, err := RestoreBlobs(context.Background(), bk, dst); err != nil || n != 3 {
		t.Fatalf("RestoreBlobs = %d, %v; want 3 files", n, err)
	}
	for name, b := range stored {
		if !bytes.Equal(readStored(t, dst, name), b) {
			t.Errorf("restored file %s differs from the stored one", name)
		}
	}
	t.Run("a store that holds files is refused", func(t *testing.T) {
		if err := CheckEmpty(context.Background(), dst); err == nil || !strings.Contains(err.Error(), "empty data folder") {
			t.Errorf("CheckEmpty on a store with files: %v", err)
		}
	})
	t.Run("a SQLite database is restored whole and not over another", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "data", "clinic.db")
		if err := RestoreSQLite(context.Background(), bk, path); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != "SQLite format 3\x00 and the rest" {
			t.Errorf("restored database %q", got)
		}
		if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
			t.Errorf("restored database mode %v, want 0600", fi.Mode().Perm())
		}
		if err := RestoreSQLite(context.Background(), bk, path); err == nil || !strings.Contains(err.Error(), "empty data folder") {
			t.Errorf("a second restore over it: %v", err)
		}
	})
}

func TestADamagedBackupIsRefusedBeforeRestoring(t *testing.T) {
	t.Parallel()
	src, _ := storeFiles(t, 1)
	tests := []struct {
		name   string
		damage func(t *testing.T, dir string)
		says   string
	}{
		{"a changed byte in the database", func(t *testing.T, dir string) {
			flipLastByte(t, filepath.Join(dir, SQLiteFile))
		}, "does not match its checksum"},
		{"a stored file cut short", func(t *testing.T, dir string) {
			p := onlyBlob(t, dir)
			fi, _ := os.Stat(p)
			if err := os.Truncate(p, fi.Size()-1); err != nil {
				t.Fatal(err)
			}
		}, "does not match its checksum"},
		{"a stored file missing", func(t *testing.T, dir string) {
			os.Remove(onlyBlob(t, dir))
		}, "cannot be read"},
		{"a file the manifest does not list", func(t *testing.T, dir string) {
			os.WriteFile(filepath.Join(dir, "blobs", "extra"), []byte("x"), 0o600)
		}, "does not list"},
		{"no manifest: the backup did not finish", func(t *testing.T, dir string) {
			os.Remove(filepath.Join(dir, ManifestName))
		}, "did not finish"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeBackup(t, src)
			tt.damage(t, dir)
			if _, err := Open(dir); err == nil || !strings.Contains(err.Error(), tt.says) {
				t.Errorf("Open: %v, want an error that says %q", err, tt.says)
			}
		})
	}
}

func flipLastByte(t *testing.T, p string) {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)-1] ^= 1
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func onlyBlob(t *testing.T, dir string) string {
	t.Helper()
	ps, _ := filepath.Glob(filepath.Join(dir, BlobDir, "*", "*"))
	if len(ps) != 1 {
		t.Fatalf("%d stored files in the backup, want 1", len(ps))
	}
	return ps[0]
}

func TestCreateRefusesAFolderThatIsNotEmpty(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "x"), nil, 0o600)
	if _, err := Create(dir); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Errorf("Create on a folder with a file: %v", err)
	}
}

func TestPruneKeepsTheNewestCompleteBackups(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	src, _ := storeFiles(t, 0)
	var names []string
	for i := range 4 {
		name := FolderName(created.Add(time.Duration(i) * time.Hour))
		names = append(names, name)
		w, err := Create(filepath.Join(root, name))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := CopyBlobs(context.Background(), w, src); err != nil {
			t.Fatal(err)
		}
		if i != 1 { // the second never finished
			if err := w.Finish(Info{Created: created, Database: "sqlite"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	os.Mkdir(filepath.Join(root, "not-a-backup"), 0o700)
	gone, err := Prune(root, 2)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{names[1], names[0]}, gone); diff != "" {
		t.Errorf("pruned (-want +got):\n%s", diff)
	}
	left, _ := os.ReadDir(root)
	var got []string
	for _, e := range left {
		got = append(got, e.Name())
	}
	if diff := cmp.Diff([]string{names[2], names[3], "not-a-backup"}, got); diff != "" {
		t.Errorf("left (-want +got):\n%s", diff)
	}
}
