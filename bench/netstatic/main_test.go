package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestServesThePlainOrTheGzipFile(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "blog"), 0o755)
	os.WriteFile(filepath.Join(root, "blog", "post"), []byte("<p>plain</p>"), 0o644)
	os.WriteFile(filepath.Join(root, "blog", "post.gz"), []byte("gzip bytes"), 0o644)
	files, err := load(root)
	if err != nil {
		t.Fatal(err)
	}
	h := handler(files, nil)
	cases := []struct {
		name, path, accept, body, encoding string
		status                             int
	}{
		{"plain without Accept-Encoding", "/blog/post", "", "<p>plain</p>", "", 200},
		{"gzip when accepted", "/blog/post", "gzip, br", "gzip bytes", "gzip", 200},
		{"unknown path", "/nope", "", "404 page not found\n", "", 404},
		{"a .gz file is not served on its own", "/blog/post.gz", "", "404 page not found\n", "", 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			if c.accept != "" {
				req.Header.Set("Accept-Encoding", c.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != c.status || rec.Body.String() != c.body || rec.Header().Get("Content-Encoding") != c.encoding {
				t.Errorf("got %d %q encoding %q", rec.Code, rec.Body.String(), rec.Header().Get("Content-Encoding"))
			}
		})
	}
}

// savedHeaders is a clinic answer's headers as curl -D saves them.
const savedHeaders = "HTTP/1.1 200 OK\r\n" +
	"Cache-Control: public, max-age=0, must-revalidate\r\n" +
	"Content-Encoding: gzip\r\n" +
	"Content-Length: 5727\r\n" +
	"Content-Security-Policy: default-src 'self'\r\n" +
	"Content-Type: text/html; charset=utf-8\r\n" +
	"Etag: \"4PIP8FfbmGOzHDWD\"\r\n" +
	"Vary: Accept-Encoding\r\n" +
	"Date: Sun, 06 Dec 2026 07:50:48 GMT\r\n" +
	"\r\n"

func TestSendsTheSavedHeadersButThoseOfTheBody(t *testing.T) {
	extra, err := parseHeaders(strings.NewReader(savedHeaders))
	if err != nil {
		t.Fatal(err)
	}
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "post"), []byte("<p>plain</p>"), 0o644)
	files, err := load(root)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	handler(files, extra).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/post", nil))
	want := http.Header{
		"Cache-Control":           {"public, max-age=0, must-revalidate"},
		"Content-Length":          {"12"},
		"Content-Security-Policy": {"default-src 'self'"},
		"Content-Type":            {"text/html; charset=utf-8"},
		"Etag":                    {`"4PIP8FfbmGOzHDWD"`},
		"Vary":                    {"Accept-Encoding"},
	}
	if diff := cmp.Diff(want, rec.Header()); diff != "" {
		t.Errorf("headers (-want +got):\n%s", diff)
	}
}

func TestRefusesAHeaderFileWithoutAStatusLine(t *testing.T) {
	if _, err := parseHeaders(strings.NewReader("Vary: Accept-Encoding\r\n\r\n")); err == nil {
		t.Error("headers without a status line were read")
	}
}

func FuzzParseHeaders(f *testing.F) {
	f.Add(savedHeaders)
	f.Add("HTTP/1.1 200 OK\r\n")
	f.Add("HTTP/2 200\r\nx: y\r\n\r\n")
	f.Fuzz(func(t *testing.T, s string) {
		fields, err := parseHeaders(strings.NewReader(s))
		if err != nil {
			return
		}
		for i, fl := range fields {
			if slices.Contains(ownHeaders, fl.key) {
				t.Errorf("kept %s, a header of the body", fl.key)
			}
			if i > 0 && fields[i-1].key >= fl.key {
				t.Errorf("fields not sorted: %s before %s", fields[i-1].key, fl.key)
			}
		}
	})
}
