package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"
)

//go:embed all:templates static
var embedded embed.FS

// views holds one parsed template set per page: the layout plus the page.
type views struct {
	dev   bool
	fsys  fs.FS
	funcs template.FuncMap
	pages map[string]*template.Template
}

func loadViews(dev bool, dir string, funcs template.FuncMap) (*views, error) {
	v := &views{dev: dev, fsys: sub(embedded, "templates"), funcs: funcs}
	if dev {
		v.fsys = os.DirFS(filepath.Join(dir, "templates"))
	}
	pages, err := v.parse()
	if err != nil {
		return nil, err
	}
	v.pages = pages
	return v, nil
}

// parse builds every page's template: the shared files (named _*.html)
// and the page's own file.
func (v *views) parse() (map[string]*template.Template, error) {
	shared, err := template.New("").Funcs(v.funcs).ParseFS(v.fsys, "_*.html")
	if err != nil {
		return nil, fmt.Errorf("web: parse layout: %w", err)
	}
	files, err := fs.Glob(v.fsys, "*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		if strings.HasPrefix(f, "_") {
			continue
		}
		t, err := template.Must(shared.Clone()).ParseFS(v.fsys, f)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", f, err)
		}
		pages[strings.TrimSuffix(f, ".html")] = t
	}
	return pages, nil
}

// lookup returns a page's template, parsing anew in development.
func (v *views) lookup(name string) (*template.Template, error) {
	pages := v.pages
	if v.dev {
		var err error
		if pages, err = v.parse(); err != nil {
			return nil, err
		}
	}
	t, ok := pages[name]
	if !ok {
		return nil, fmt.Errorf("web: no template %q", name)
	}
	return t, nil
}

// render executes a page's template into a buffer first, so that a
// failing template becomes a 500 page and not half a page.
func (s *Server) render(w http.ResponseWriter, status int, name string, data any) error {
	t, err := s.views.lookup(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// assets are the static files, each served at a URL holding a hash of
// its content so that it can be cached for a year.
type assets struct {
	dev    bool
	fsys   fs.FS
	hashed map[string]string // "site.css" -> "site.1a2b3c4d5e.css"
	byURL  map[string]string // "site.1a2b3c4d5e.css" -> "site.css"
}

func loadAssets(dev bool, dir string) (*assets, error) {
	a := &assets{dev: dev, fsys: sub(embedded, "static"), hashed: map[string]string{}, byURL: map[string]string{}}
	if dev {
		a.fsys = os.DirFS(filepath.Join(dir, "static"))
	}
	files, err := fs.ReadDir(a.fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("web: static files: %w", err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(a.fsys, f.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(f.Name())
		h := strings.TrimSuffix(f.Name(), ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.hashed[f.Name()], a.byURL[h] = h, f.Name()
	}
	return a, nil
}

// url returns the hashed URL of a static file.
func (a *assets) url(name string) (string, error) {
	h, ok := a.hashed[name]
	if !ok {
		return "", fmt.Errorf("web: no static file %q", name)
	}
	return "/static/" + h, nil
}

// static serves a file under its hashed name with a year of caching.
func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name, ok := s.assets.byURL[r.PathValue("file")]
	if !ok {
		s.renderError(w, r, http.StatusNotFound, "There is no such file.")
		return
	}
	b, err := fs.ReadFile(s.assets.fsys, name)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, "There is no such file.")
		return
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	if s.cfg.Dev {
		w.Header().Set("Cache-Control", "no-cache")
	} else {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(b))
}

func (s *Server) favicon(w http.ResponseWriter, r *http.Request) {
	u, _ := s.assets.url("favicon.svg")
	http.Redirect(w, r, u, http.StatusMovedPermanently)
}

func sub(fsys fs.FS, dir string) fs.FS {
	f, err := fs.Sub(fsys, dir)
	if err != nil {
		panic(err) // the embedded tree always has dir
	}
	return f
}
