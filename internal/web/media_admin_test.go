package web_test

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// upload sends the media form with a file.
func (b *browser) upload(t *testing.T, name string, data []byte, alt string) *response {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("alt", alt)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(data)
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/admin/media", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.send(t, req)
}

func testJPEG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestMediaLibrary(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	photo := testJPEG(t, 1200, 800)
	bad := []struct {
		name, file string
		data       []byte
		alt        string
		status     int
	}{
		{"no description", "a.jpg", photo, "  ", http.StatusUnprocessableEntity},
		{"a text file named .jpg", "a.jpg", []byte("just text, not an image"), "A photo", http.StatusUnprocessableEntity},
		{"an HTML file named .png", "a.png", []byte("<html><script>alert(1)</script></html>"), "A photo", http.StatusUnprocessableEntity},
		{"an empty file", "a.jpg", nil, "A photo", http.StatusUnprocessableEntity},
		{"a file over the limit", "big.jpg", bytes.Repeat([]byte{0xff}, 21<<20), "A photo", http.StatusRequestEntityTooLarge},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			if res := b.upload(t, c.file, c.data, c.alt); res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
		})
	}
	if ms, _, _ := s.db.MediaList(t.Context(), 0, 0); len(ms) != 0 {
		t.Fatalf("%d images stored after refusals", len(ms))
	}
	if res := b.upload(t, "x.bin", photo, "A spine model on a desk"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	lib := b.get(t, "/admin/media")
	snippet := attr(lib.all(t, "input[readonly]")[0], "value")
	if !strings.HasPrefix(snippet, "![A spine model on a desk](/media/") {
		t.Fatalf("snippet %q", snippet)
	}
	src := strings.TrimSuffix(snippet[strings.Index(snippet, "(")+1:], ")")
	file := s.get(t, src)
	if file.StatusCode != 200 || file.Header.Get("Content-Type") != "image/jpeg" || !strings.Contains(file.Header.Get("Cache-Control"), "immutable") {
		t.Errorf("file: %d %q %q", file.StatusCode, file.Header.Get("Content-Type"), file.Header.Get("Cache-Control"))
	}
	if res := s.get(t, "/media/nope-1.jpg"); res.StatusCode != 404 {
		t.Errorf("unknown file: %d", res.StatusCode)
	}
	t.Run("an image in a post gets a srcset", func(t *testing.T) {
		s.syncVersion(t)
		v := postValues("With a picture", "Here it is:\n\n"+snippet, "publish")
		if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d", res.StatusCode)
		}
		s.syncVersion(t)
		page := s.get(t, "/blog/with-a-picture")
		imgs := page.all(t, "main img[srcset]")
		if len(imgs) != 1 || !strings.Contains(attr(imgs[0], "srcset"), "480w") || attr(imgs[0], "alt") != "A spine model on a desk" {
			t.Errorf("images with srcset: %d", len(imgs))
		}
	})
	t.Run("the description can be changed but not emptied", func(t *testing.T) {
		ms, _, _ := s.db.MediaList(t.Context(), 0, 0)
		if res := b.post(t, "/admin/media/"+itoa(ms[0].ID), url.Values{"alt": {""}}); res.StatusCode != http.StatusBadRequest {
			t.Errorf("empty: %d", res.StatusCode)
		}
		if res := b.post(t, "/admin/media/"+itoa(ms[0].ID), url.Values{"alt": {"A model of the lumbar spine"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("change: %d", res.StatusCode)
		}
	})
}
