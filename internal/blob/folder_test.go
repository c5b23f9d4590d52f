package blob

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestPermissions(t *testing.T) {
	s, f := newTestStore(t)
	st := put(t, s, []byte("insurance card"))
	tests := []struct {
		name string
		path string
		want fs.FileMode
	}{
		{"the folder is its owner's alone", f.dir, 0o700 | fs.ModeDir},
		{"the shard folder is its owner's alone", filepath.Dir(f.path(st.Name)), 0o700 | fs.ModeDir},
		{"the temporary folder is its owner's alone", filepath.Join(f.dir, tmpDir), 0o700 | fs.ModeDir},
		{"a stored file is its owner's alone", f.path(st.Name), 0o600},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fi, err := os.Stat(tc.path)
			if err != nil {
				t.Fatal(err)
			}
			if fi.Mode() != tc.want {
				t.Errorf("mode %v, want %v", fi.Mode(), tc.want)
			}
		})
	}
}

func TestLeftoversAreNotListedAndAreCleaned(t *testing.T) {
	s, f := newTestStore(t)
	kept := put(t, s, []byte("kept"))
	// A write that never committed, as a crash leaves it.
	p, err := f.Create(context.Background(), newName())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Write([]byte("half a file")); err != nil {
		t.Fatal(err)
	}
	left := p.(*pendingFile).file.Name()
	p.(*pendingFile).file.Close()
	written := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := os.Chtimes(left, written, written); err != nil {
		t.Fatal(err)
	}
	// A stray file in a shard folder is not an object either.
	if err := os.WriteFile(filepath.Join(filepath.Dir(f.path(kept.Name)), "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}

	if got := names(t, s); len(got) != 1 || got[0] != kept.Name {
		t.Errorf("listed %v, want only %s", got, kept.Name)
	}
	if n, err := f.CleanTemp(written); err != nil || n != 0 {
		t.Errorf("CleanTemp before the write removed %d (%v), want 0", n, err)
	}
	if n, err := f.CleanTemp(written.Add(time.Second)); err != nil || n != 1 {
		t.Errorf("CleanTemp after the write removed %d (%v), want 1", n, err)
	}
	if tmp := leftovers(t, f); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
	if _, err := readBack(s, kept.Name); err != nil {
		t.Errorf("the committed object: %v", err)
	}
}

func TestAbortRemovesTheTemporaryFile(t *testing.T) {
	_, f := newTestStore(t)
	p, err := f.Create(context.Background(), newName())
	if err != nil {
		t.Fatal(err)
	}
	p.Write([]byte("partial"))
	if err := p.Abort(); err != nil {
		t.Fatal(err)
	}
	if tmp := leftovers(t, f); len(tmp) != 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}
