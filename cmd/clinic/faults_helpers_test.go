package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path"
	"strconv"
	"strings"
	"testing"
)

// finishUpload sends the parts of file from offset at to its end, each
// to be accepted, waits for the upload to be read, stops the server s of
// data folder dir and checks the stored SHA-256 against sum and the
// stored files with clinic blob verify, run with env.
func finishUpload(t *testing.T, s *server, dir string, tc *tusClient, target string, at int64, file []byte, sum, key string, env ...string) {
	t.Helper()
	for ; at < int64(len(file)); at += uploadPart {
		if status := patchStatus(t, tc, target, at, file); status != http.StatusNoContent {
			t.Fatalf("part at %d after the fault ended: %d", at, status)
		}
	}
	waitRead(t, dir, path.Base(target))
	s.stop()
	db := openWithKey(t, dir, key)
	defer db.Close()
	u, err := db.Upload(context.Background(), path.Base(target))
	if err != nil || u.SHA256 != sum {
		t.Errorf("stored SHA-256 %s (%v), want %s", u.SHA256, err, sum)
	}
	verify := exec.Command(binary(t), "--data-dir", dir, "blob", "verify")
	verify.Env = append(os.Environ(), env...)
	if out, err := verify.CombinedOutput(); err != nil {
		t.Errorf("blob verify: %v\n%s", err, out)
	}
}

// patchStatus sends the part of file at offset and returns the status.
func patchStatus(t *testing.T, tc *tusClient, target string, at int64, file []byte) int {
	t.Helper()
	res, err := tc.do(http.MethodPatch, target, bytes.NewReader(file[at:at+uploadPart]), map[string]string{
		"Upload-Offset": strconv.FormatInt(at, 10), "Content-Type": "application/offset+octet-stream",
		"Content-Length": strconv.Itoa(uploadPart)})
	if err != nil {
		t.Fatalf("PATCH at %d: %v", at, err)
	}
	return res.StatusCode
}

// waitLogged waits until the server's log holds line, bounded by
// readyLimit: a server writes its log out every 100 ms.
func waitLogged(t *testing.T, logs *lockedBuffer, line string) {
	t.Helper()
	waitFor(t, "the log line "+line, func() bool { return strings.Contains(logs.String(), line) })
}
