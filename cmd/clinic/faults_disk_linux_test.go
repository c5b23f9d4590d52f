package main

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"clinic/internal/review"
)

// TestUploadOnAFullDiskResumesOnceThereIsRoom runs a server whose blob
// folder is a file system of 4 MiB (a tmpfs, as internal/blob's
// TestDiskFull makes, whose own tests cover the store's side: nothing
// half-written is left and the objects before stay readable). A 6 MiB
// upload in parts of 1 MiB fills it: the part that does not fit is
// answered 507 and the server logs review.StorageFullLog; the parts
// confirmed before are kept. Once the file system is made larger, as an
// operator freeing space would, the upload resumes from the last
// confirmed part and the file read has the original's SHA-256.
func TestUploadOnAFullDiskResumesOnceThereIsRoom(t *testing.T) {
	t.Parallel()
	dir, key := filepath.Join(t.TempDir(), "data"), newSecretKey()
	blobs := filepath.Join(dir, blobFolder)
	if err := os.MkdirAll(blobs, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", blobs, "tmpfs", 0, "size=4m,mode=0700"); err != nil {
		t.Skipf("cannot mount a small file system here (%v)", err)
	}
	t.Cleanup(func() { syscall.Unmount(blobs, syscall.MNT_DETACH) }) // after the server stops
	logs := &lockedBuffer{}
	s := startServerLogging(t, dir, io.MultiWriter(&testLog{t: t}, logs), "CLINIC_SECRET_KEY="+key)

	const size = 6 * uploadPart
	file, sum := study(size, 21)
	tc := newReview(t, s.base)
	target := tc.create(t, studyName(1), size)
	var at int64
	status := http.StatusNoContent
	for ; at < size; at += uploadPart {
		if status = patchStatus(t, tc, target, at, file); status != http.StatusNoContent {
			break
		}
	}
	if status != http.StatusInsufficientStorage || at < uploadPart {
		t.Fatalf("the upload stopped at %d with status %d; want 507 after at least one part", at, status)
	}
	if got, _, err := tc.head(target); err != nil || got != at {
		t.Fatalf("HEAD on the full disk: %d, %v; the parts confirmed came to %d", got, err, at)
	}
	waitLogged(t, logs, `msg="`+review.StorageFullLog+`"`)

	if err := syscall.Mount("tmpfs", blobs, "tmpfs", syscall.MS_REMOUNT, "size=16m,mode=0700"); err != nil {
		t.Fatalf("make the file system larger: %v", err)
	}
	finishUpload(t, s, dir, tc, target, at, file, sum, key, "CLINIC_SECRET_KEY="+key)
}
