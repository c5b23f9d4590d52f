package main

import (
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"clinic/internal/review"
	"clinic/internal/s3test"
)

// TestUploadWhileTheObjectStoreIsUnreachable runs a server whose files
// are in an object store reached through a proxy in the test, and cuts
// the proxy after two parts of a 6 MiB upload: every connection dropped
// and new ones refused, as a store that goes away does. For the minute
// that a browser's tus client spends trying again (here its tries sent
// one after another, without the wait between them), each part is
// answered 503 and the server logs review.StoreUnreachableLog, while HEAD
// still says where the upload stands. When the store answers again the
// upload resumes from the parts confirmed before, and the file read has
// the original's SHA-256.
func TestUploadWhileTheObjectStoreIsUnreachable(t *testing.T) {
	t.Parallel()
	b := s3test.NewBucket(t)
	store, err := url.Parse(b.Endpoint)
	if err != nil {
		t.Fatal(err)
	}
	proxy := startProxy(t, store.Host)
	dir, key := filepath.Join(t.TempDir(), "data"), newSecretKey()
	env := append(b.Env(), "CLINIC_SECRET_KEY="+key, "CLINIC_BLOB_KEY="+newBlobKey(),
		"CLINIC_BLOB_URL="+strings.Replace(b.URL, store.Host, proxy.addr, 1))
	logs := &lockedBuffer{}
	s := startServerLogging(t, dir, io.MultiWriter(&testLog{t: t}, logs), env...)

	const size = 6 * uploadPart
	file, sum := study(size, 33)
	tc := newReview(t, s.base)
	target := tc.create(t, studyName(1), size)
	var at int64
	for ; at < 2*uploadPart; at += uploadPart {
		if status := patchStatus(t, tc, target, at, file); status != http.StatusNoContent {
			t.Fatalf("part at %d: %d", at, status)
		}
	}
	proxy.cut()
	for try := range 3 { // tus-js-client's default: again at once, after 1 s, 3 s and 5 s
		if got, _, err := tc.head(target); err != nil || got != at {
			t.Fatalf("try %d: HEAD says %d (%v) while the store is away; %d were confirmed", try, got, err, at)
		}
		if status := patchStatus(t, tc, target, at, file); status != http.StatusServiceUnavailable {
			t.Fatalf("try %d: a part while the store is away: %d, want 503", try, status)
		}
	}
	waitLogged(t, logs, `msg="`+review.StoreUnreachableLog+`"`)

	proxy.restore(t)
	finishUpload(t, s, dir, tc, target, at, file, sum, key, env...)
}
