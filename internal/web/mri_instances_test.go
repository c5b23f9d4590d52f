package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"clinic/internal/blob"
	"clinic/internal/dicom"
	"clinic/internal/pgtest"
	"clinic/internal/review"
	"clinic/internal/store"
	"clinic/internal/tuslock"
	"clinic/internal/web"
)

// newMRIInstances starts two servers as two instances of the clinic: each
// with its own store and its own PostgreSQL tus locker on one database,
// and one blob store. It returns them with the second one's store.
func newMRIInstances(t *testing.T) ([2]*mriSite, *store.DB) {
	t.Helper()
	ctx := context.Background()
	dsn := pgtest.NewDatabase(t)
	dir := t.TempDir()
	keys, err := blob.LoadKeyring("", filepath.Join(dir, "blob.keys"))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewFolder(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	blobs := blob.New(folder, keys)
	var sites [2]*mriSite
	var db *store.DB
	for i := range sites {
		clk := newClock(testNow)
		own, err := store.Open(ctx, dsn, store.Options{Sealer: testSealer(t), Now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { own.Close() })
		db = own
		locker, err := tuslock.New(ctx, dsn, tuslock.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(locker.Close)
		m := &mriSite{blobs: blobs}
		m.site = newSiteWith(t, func(c *web.Config) {
			c.Now, c.Reviews = clk.now, own
			m.ingest = &review.Ingest{DB: own, Blobs: blobs, Dicom: dicom.NewIngester(dicom.Config{Parallel: 2, ThumbnailSize: -1})}
			c.MRI = web.MRIConfig{Blobs: blobs, Ingest: m.ingest, MaxStudy: 1 << 30, PartSize: 64 << 10, Locker: locker}
		})
		m.clock = clk
		sites[i] = m
	}
	return sites, db
}

// TestMRIUploadResumesThroughAnotherInstance sends part of a file to
// one instance, whose request then stalls, as when the patient's
// connection hangs, and resumes it through the other: the second
// instance's HEAD makes the first stop the stalled request and let go of
// the upload, and the file completes with the right SHA-256.
func TestMRIUploadResumesThroughAnotherInstance(t *testing.T) {
	t.Parallel()
	sites, db := newMRIInstances(t)
	p := sites[0].start(t, "192.0.2.80:1000")
	file := bytes.Repeat([]byte("a study sent to two instances "), 13000) // 390 kB: seven parts of 64 KiB
	target := p.create(t, "study.zip", len(file))
	const sent = 3 * 64 << 10

	body, send := io.Pipe()
	stalled := make(chan int, 1)
	go func() { stalled <- stallingPatch(sites[0], p.cookie, target, body) }()
	if _, err := send.Write(file[:sent]); err != nil { // returns once the server has read it all
		t.Fatal(err)
	}

	q := &patient{s: sites[1], cookie: p.cookie, addr: "192.0.2.80:1001"} // the same browser
	status, at := q.head(t, target)
	if status != http.StatusOK || at != sent {
		t.Fatalf("HEAD through the second instance: %d at %d, want 200 at %d", status, at, sent)
	}
	select {
	case code := <-stalled:
		if code == http.StatusNoContent {
			t.Errorf("the stalled PATCH answered %d", code)
		}
	case <-time.After(patience):
		t.Fatal("the stalled PATCH was not stopped")
	}
	if status, n := q.patch(t, target, at, bytes.NewReader(file[at:])); status != http.StatusNoContent || n != len(file) {
		t.Fatalf("PATCH through the second instance: %d at %d", status, n)
	}
	sites[1].read(t)
	u, err := db.Upload(context.Background(), path.Base(target))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(file)
	if u.SHA256 != hex.EncodeToString(sum[:]) || u.CompletedAt.IsZero() {
		t.Errorf("stored SHA-256 %q, want %x", u.SHA256, sum)
	}
}

// patience bounds a wait for something that happens at once.
const patience = 20 * time.Second

// stallingPatch sends a PATCH from offset 0 whose body is what the test
// writes to body, and returns the status.
func stallingPatch(m *mriSite, cookie, target string, body io.ReadCloser) int {
	req := httptest.NewRequest(http.MethodPatch, target, body)
	req.RemoteAddr = "192.0.2.80:1000"
	req.Header.Set("Cookie", "clinic_mri_review="+cookie)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Upload-Offset", strconv.Itoa(0))
	req.Header.Set("Content-Type", "application/offset+octet-stream")
	rec := httptest.NewRecorder()
	m.srv.ServeHTTP(rec, req)
	return rec.Code
}
