package web_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"clinic/internal/blob"
	"clinic/internal/dicom"
	"clinic/internal/review"
	"clinic/internal/web"
)

// mriSite is a site with the MRI review's blob store and readers; its
// uploads are read when the test calls read.
type mriSite struct {
	*site
	ingest *review.Ingest
	blobs  *blob.Store
}

func newMRISite(t testing.TB, maxStudy int64) *mriSite {
	t.Helper()
	partSize := int64(64 << 10) // small parts, so that tests cross their edges
	if _, ok := t.(*testing.B); ok {
		partSize = 16 << 20 // as the server stores them
	}
	dir := t.TempDir()
	keys, err := blob.LoadKeyring("", filepath.Join(dir, "blob.keys"))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewFolder(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	m := &mriSite{blobs: blob.New(folder, keys)}
	m.site = newSiteWith(t, func(c *web.Config) {
		m.ingest = &review.Ingest{DB: c.Reviews, Blobs: m.blobs, Dicom: dicom.NewIngester(dicom.Config{Parallel: 2, ThumbnailSize: -1})}
		c.MRI = web.MRIConfig{Blobs: m.blobs, Ingest: m.ingest, MaxStudy: maxStudy, PartSize: partSize}
	})
	return m
}

// read reads every completed upload, as the server's readers would.
func (m *mriSite) read(t testing.TB) {
	t.Helper()
	for m.ingest.Next(context.Background(), m.clock.now()) {
	}
}

// patient is a browser with the review cookie.
type patient struct {
	s      *mriSite
	cookie string
	addr   string
}

func (m *mriSite) patient(addr string) *patient { return &patient{s: m, addr: addr} }

func (p *patient) send(t testing.TB, req *http.Request) *response {
	t.Helper()
	req.RemoteAddr = p.addr
	if p.cookie != "" {
		req.Header.Set("Cookie", "clinic_mri_review="+p.cookie)
	}
	res := p.s.do(t, req)
	for _, c := range res.Cookies() {
		if c.Name == "clinic_mri_review" {
			if !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/mri-review" || !c.Secure {
				t.Errorf("review cookie attributes: %+v", c)
			}
			p.cookie = c.Value
		}
	}
	return res
}

func (p *patient) get(t testing.TB, target string) *response {
	return p.send(t, httptest.NewRequest(http.MethodGet, target, nil))
}

func (p *patient) post(t testing.TB, target string, form url.Values) *response {
	return p.send(t, formRequest(target, form))
}

// validForm is a review form that passes.
func validForm() url.Values {
	return url.Values{"name": {"Alex Testperson"}, "birth_date": {"1970-01-01"}, "email": {"alex@example.com"},
		"phone": {"(206) 555-0142"}, "complaint": {"Low back pain into the left leg"}, "since": {"March"},
		"question": {"Is it a disc?"}, "consent": {"yes"}}
}

// start fills in the form and returns the patient on the upload page.
func (m *mriSite) start(t testing.TB, addr string) *patient {
	t.Helper()
	p := m.patient(addr)
	res := p.post(t, "/mri-review", validForm())
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mri-review/upload" || p.cookie == "" {
		t.Fatalf("form: %d %q, cookie %q", res.StatusCode, res.Header.Get("Location"), p.cookie)
	}
	return p
}

// tusRequest is a tus 1.0 request of the patient.
func (p *patient) tus(t testing.TB, method, target string, body io.Reader, h map[string]string) *response {
	t.Helper()
	req := httptest.NewRequest(method, target, body)
	req.Header.Set("Tus-Resumable", "1.0.0")
	for k, v := range h {
		req.Header.Set(k, v)
	}
	return p.send(t, req)
}

// create starts a tus upload of size bytes named name and returns its URL.
func (p *patient) create(t testing.TB, name string, size int) string {
	t.Helper()
	meta := "filename " + base64.StdEncoding.EncodeToString([]byte(filepath.Base(name))) +
		",relativePath " + base64.StdEncoding.EncodeToString([]byte(name))
	res := p.tus(t, http.MethodPost, "/mri-review/files", nil, map[string]string{"Upload-Length": strconv.Itoa(size), "Upload-Metadata": meta})
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("create %s: %d %s", name, res.StatusCode, res.body)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return u.Path
}

// patch sends body from offset and returns the offset the server holds.
func (p *patient) patch(t testing.TB, target string, offset int, body io.Reader) (int, int) {
	t.Helper()
	res := p.tus(t, http.MethodPatch, target, body, map[string]string{"Upload-Offset": strconv.Itoa(offset),
		"Content-Type": "application/offset+octet-stream"})
	n, _ := strconv.Atoi(res.Header.Get("Upload-Offset"))
	return res.StatusCode, n
}

// head returns the status and the offset the server holds.
func (p *patient) head(t testing.TB, target string) (int, int) {
	t.Helper()
	res := p.tus(t, http.MethodHead, target, nil, nil)
	n, _ := strconv.Atoi(res.Header.Get("Upload-Offset"))
	return res.StatusCode, n
}

// upload sends one whole file over tus.
func (p *patient) upload(t testing.TB, name string, b []byte) string {
	t.Helper()
	target := p.create(t, name, len(b))
	if status, n := p.patch(t, target, 0, bytes.NewReader(b)); status != http.StatusNoContent || n != len(b) {
		t.Fatalf("patch %s: %d at %d of %d", name, status, n, len(b))
	}
	return target
}

// uploadAll sends files in name order.
func (p *patient) uploadAll(t testing.TB, prefix string, files map[string][]byte) {
	t.Helper()
	for name, b := range files {
		p.upload(t, strings.TrimPrefix(prefix+"/"+name, "/"), b)
	}
}

// cutReader gives n bytes of b and then fails, as a dropped connection.
type cutReader struct {
	b []byte
	n int
}

func (c *cutReader) Read(p []byte) (int, error) {
	if c.n <= 0 {
		return 0, io.ErrUnexpectedEOF
	}
	k := copy(p[:min(len(p), c.n)], c.b)
	c.b, c.n = c.b[k:], c.n-k
	return k, nil
}
