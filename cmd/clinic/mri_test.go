package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"clinic/internal/seal"
	"clinic/internal/store"
)

// TestMRIUploadSurvivesAKilledServer kills the server with SIGKILL in the
// middle of a PATCH, starts it again on the same data, and finishes the
// upload from the offset the new process reports: the stored file's
// SHA-256 is the original's, and clinic blob verify finds every stored
// file intact and recorded.
func TestMRIUploadSurvivesAKilledServer(t *testing.T) {
	t.Parallel()
	dir, key := filepath.Join(t.TempDir(), "data"), newSecretKey()
	env := []string{"CLINIC_SECRET_KEY=" + key}
	s := startServer(t, dir, env...)
	tc := newReview(t, s.base)
	const size = 40 << 20 // parts of 16 MiB: two whole, and the rest
	file, sum := study(size, 7)
	target := tc.create(t, studyName(1), size)

	pr, pw := io.Pipe()
	go tc.patch(target, 0, size, pr)
	go pw.Write(file[:36<<20]) // more than two parts, then nothing: the PATCH hangs
	held := waitStored(t, dir, 32<<20)
	s.kill()
	pw.Close()

	s2 := startServer(t, dir, env...)
	tc.base = s2.base
	at, status, err := tc.head(target)
	if err != nil || status != 200 || at < held || at > 36<<20 {
		t.Fatalf("after the restart HEAD says %d (status %d, %v); the killed server held %d", at, status, err, held)
	}
	if got, err := tc.patch(target, at, size-at, bytes.NewReader(file[at:])); err != nil || got != size {
		t.Fatalf("the rest: %d, %v", got, err)
	}
	waitRead(t, dir, path.Base(target)) // the file's hash is computed when it is read
	s2.stop()

	db := openWithKey(t, dir, key)
	u, err := db.Upload(context.Background(), path.Base(target))
	if err != nil {
		t.Fatal(err)
	}
	if u.SHA256 != sum || u.Offset != size {
		t.Errorf("stored SHA-256 %s at %d bytes, want %s", u.SHA256, u.Offset, sum)
	}
	db.Close()
	verify := exec.Command(binary(t), "--data-dir", dir, "blob", "verify")
	verify.Env = append(os.Environ(), env...)
	out, err := verify.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "checked") {
		t.Errorf("blob verify: %v\n%s", err, out)
	}
}

// openWithKey opens the database of a data folder with a secret key given.
func openWithKey(t *testing.T, dir, key string) *store.DB {
	t.Helper()
	k, err := secretKey(Config{SecretKey: key}, true)
	if err != nil {
		t.Fatal(err)
	}
	sealer, err := seal.New(k)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "", store.Options{DataDir: dir, Sealer: sealer, Existing: true})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
