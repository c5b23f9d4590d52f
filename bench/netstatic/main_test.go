package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
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
	h := handler(files)
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
