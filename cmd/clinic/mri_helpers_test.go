package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// tusClient is a small tus 1.0 client: creation, PATCH with offsets and
// HEAD to resume, with the patient's review cookie.
type tusClient struct {
	base   string
	cookie string
	c      *http.Client
}

// newReview fills in the review form and returns a client holding the
// request's cookie.
func newReview(t testing.TB, base string) *tusClient {
	t.Helper()
	tc := &tusClient{base: base, c: noRedirects()}
	form := url.Values{"name": {"Alex Testperson"}, "birth_date": {"1970-01-01"}, "email": {"alex@example.com"},
		"phone": {"(206) 555-0142"}, "complaint": {"Low back pain"}, "since": {"March"}, "consent": {"yes"}}
	res, err := tc.c.PostForm(base+"/mri-review", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	for _, c := range res.Cookies() {
		if c.Name == "clinic_mri_review" {
			tc.cookie = c.Value
		}
	}
	if res.StatusCode != http.StatusSeeOther || tc.cookie == "" {
		t.Fatalf("review form: %d, cookie %q", res.StatusCode, tc.cookie)
	}
	return tc
}

func (tc *tusClient) do(method, path string, body io.Reader, h map[string]string) (*http.Response, error) {
	req, err := http.NewRequest(method, tc.base+path, body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Cookie", "clinic_mri_review="+tc.cookie)
	for k, v := range h {
		req.Header.Set(k, v)
	}
	if n, ok := h["Content-Length"]; ok {
		req.ContentLength, _ = strconv.ParseInt(n, 10, 64)
	}
	res, err := tc.c.Do(req)
	if err != nil {
		return nil, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res, nil
}

// create starts an upload and returns its path.
func (tc *tusClient) create(t testing.TB, name string, size int64) string {
	t.Helper()
	meta := "filename " + base64.StdEncoding.EncodeToString([]byte(name))
	res, err := tc.do(http.MethodPost, "/mri-review/files", nil, map[string]string{"Upload-Length": strconv.FormatInt(size, 10), "Upload-Metadata": meta})
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("create: %v %v", res, err)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// patch sends n bytes of body from offset and returns the offset the
// server answers.
func (tc *tusClient) patch(path string, offset, n int64, body io.Reader) (int64, error) {
	res, err := tc.do(http.MethodPatch, path, body, map[string]string{"Upload-Offset": strconv.FormatInt(offset, 10),
		"Content-Type": "application/offset+octet-stream", "Content-Length": strconv.FormatInt(n, 10)})
	if err != nil {
		return 0, err
	}
	if res.StatusCode != http.StatusNoContent {
		return 0, fmt.Errorf("PATCH: status %d", res.StatusCode)
	}
	return strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
}

// head returns the offset the server holds.
func (tc *tusClient) head(path string) (int64, int, error) {
	res, err := tc.do(http.MethodHead, path, nil, nil)
	if err != nil {
		return 0, 0, err
	}
	n, _ := strconv.ParseInt(res.Header.Get("Upload-Offset"), 10, 64)
	return n, res.StatusCode, nil
}

// waitStored polls the database of a running server, read-only, until
// the upload's recorded parts hold at least n bytes. (A HEAD would take
// the upload's lock and end the PATCH under way, as tus servers do.)
func waitStored(t testing.TB, dir string, n int64) int64 {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "clinic.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(readyLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var at int64
		if err := db.QueryRow(`SELECT COALESCE(sum(size), 0) FROM review_upload_parts`).Scan(&at); err == nil && at >= n {
			return at
		}
	}
	t.Fatalf("the server never held %d bytes", n)
	return 0
}

// waitRead polls the database of a running server, read-only, until the
// upload id has been read.
func waitRead(t testing.TB, dir, id string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "clinic.db")+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(readyLimit); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM review_uploads WHERE id = $1 AND ingested_at IS NOT NULL`, id).Scan(&n); err == nil && n == 1 {
			return
		}
	}
	t.Fatalf("the server never read upload %s", id)
}

// study is size bytes that look like nothing in particular, made from a
// seed, and their SHA-256.
func study(size int64, seed byte) ([]byte, string) {
	b := make([]byte, size)
	x := uint32(seed) + 1
	for i := range b {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		b[i] = byte(x)
	}
	sum := sha256.Sum256(b)
	return b, fmt.Sprintf("%x", sum)
}

// studyName is the upload's name in the review: not a patient's.
func studyName(i int) string { return "study-" + strconv.Itoa(i) + ".zip" }
