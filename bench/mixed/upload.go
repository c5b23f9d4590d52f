package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// uploadResult is how the MRI study's upload went.
type uploadResult struct {
	size, parts int64
	took        time.Duration
	err         error
}

// uploadStudy sends an MRI review form and then size bytes over tus, in
// PATCHes of part bytes, each to the next server in turn, as a browser
// behind a round-robin load balancer would.
func (tr *traffic) uploadStudy(ctx context.Context, size, part int64) uploadResult {
	began := time.Now()
	c := newClient(2)
	cookie, err := reviewCookie(ctx, c, tr.base())
	if err != nil {
		return uploadResult{err: err}
	}
	target, err := createUpload(ctx, c, tr.base(), cookie, size)
	if err != nil {
		return uploadResult{err: err}
	}
	r := uploadResult{size: size}
	src := &noise{x: 0x9e3779b9}
	for at := int64(0); at < size; at += part {
		n := min(part, size-at)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPatch, tr.base()+target, io.LimitReader(src, n))
		req.ContentLength = n
		req.Header.Set("Tus-Resumable", "1.0.0")
		req.Header.Set("Cookie", cookie)
		req.Header.Set("Upload-Offset", strconv.FormatInt(at, 10))
		req.Header.Set("Content-Type", "application/offset+octet-stream")
		tr.send(ctx, c, routeUpload, req, http.StatusNoContent)
		r.parts++
	}
	r.took = time.Since(began)
	return r
}

// reviewCookie fills in the MRI review form and returns the request's
// cookie.
func reviewCookie(ctx context.Context, c *http.Client, base string) (string, error) {
	form := url.Values{"name": {"Load Testperson"}, "birth_date": {"1970-01-01"}, "email": {"load@example.com"},
		"phone": {"(206) 555-0142"}, "complaint": {"Low back pain"}, "since": {"March"}, "consent": {"yes"}}
	res, err := c.PostForm(base+"/mri-review", form)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	for _, k := range res.Cookies() {
		if k.Name == "clinic_mri_review" {
			return k.Name + "=" + k.Value, nil
		}
	}
	return "", fmt.Errorf("the MRI review form answered %s without a cookie", res.Status)
}

// createUpload starts a tus upload of size bytes and returns its path.
func createUpload(ctx context.Context, c *http.Client, base, cookie string, size int64) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/mri-review/files", nil)
	req.Header.Set("Tus-Resumable", "1.0.0")
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Upload-Length", strconv.FormatInt(size, 10))
	req.Header.Set("Upload-Metadata", "filename "+base64.StdEncoding.EncodeToString([]byte("study.zip")))
	res, err := c.Do(req)
	if err != nil {
		return "", err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusCreated {
		return "", fmt.Errorf("tus create: %s", res.Status)
	}
	u, err := url.Parse(res.Header.Get("Location"))
	if err != nil {
		return "", err
	}
	return u.Path, nil
}

// noise is an endless stream of bytes that look like nothing in
// particular (xorshift), made as fast as they are read.
type noise struct{ x uint32 }

func (n *noise) Read(b []byte) (int, error) {
	for i := range b {
		n.x ^= n.x << 13
		n.x ^= n.x >> 17
		n.x ^= n.x << 5
		b[i] = byte(n.x)
	}
	return len(b), nil
}
