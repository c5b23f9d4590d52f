// Command netstatic serves files from a folder with nothing but Go's
// net/http: no router, middleware, logging or extra headers. bench/run
// measures it beside the clinic and nginx, as the ceiling of any server
// built on net/http on the same machine.
//
//	netstatic -addr 127.0.0.1:18082 -root DIR
//
// A request for /p is answered with DIR/p, or DIR/p.gz with
// Content-Encoding: gzip when the client accepts gzip and that file exists.
// Files are read once, at start.
package main

import (
	"flag"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

type file struct{ plain, gz []byte }

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "loopback address to listen on")
	root := flag.String("root", ".", "folder to serve")
	flag.Parse()
	if host, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("netstatic: %q is not a loopback address", *addr)
	}
	files, err := load(*root)
	if err != nil {
		log.Fatal(err)
	}
	log.Fatal(http.ListenAndServe(*addr, handler(files)))
}

// load reads every file under root, pairing x with x.gz.
func load(root string) (map[string]*file, error) {
	files := map[string]*file{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		name := "/" + filepath.ToSlash(strings.TrimSuffix(rel, ".gz"))
		f := files[name]
		if f == nil {
			f = &file{}
			files[name] = f
		}
		if strings.HasSuffix(rel, ".gz") {
			f.gz = b
		} else {
			f.plain = b
		}
		return nil
	})
	return files, err
}

func handler(files map[string]*file) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := files[r.URL.Path]
		if f == nil || f.plain == nil {
			http.NotFound(w, r)
			return
		}
		body, h := f.plain, w.Header()
		h["Content-Type"] = []string{"text/html; charset=utf-8"}
		if f.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			body = f.gz
			h["Content-Encoding"] = []string{"gzip"}
		}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.Write(body)
	})
}
