// Command netstatic serves files from a folder with nothing but Go's
// net/http: no router, middleware, logging or extra headers. bench/run
// measures it beside the clinic and nginx, as the ceiling of any server
// built on net/http on the same machine.
//
//	netstatic -addr 127.0.0.1:18082 -root DIR [-headers FILE] [-timeouts]
//
// A request for /p is answered with DIR/p, or DIR/p.gz with
// Content-Encoding: gzip when the client accepts gzip and that file exists.
// Files are read once, at start.
//
// -headers adds the response headers saved in FILE (as curl -D writes
// them) to every answer, but for those that describe the body or the
// connection; -timeouts sets the server timeouts that clinic serve sets.
// With both, netstatic answers as the clinic does, headers and all, with
// none of the clinic's own work: bench/run uses that to tell what the
// headers cost from what the clinic's code costs.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

type file struct{ plain, gz []byte }

func main() {
	addr := flag.String("addr", "127.0.0.1:18082", "loopback address to listen on")
	root := flag.String("root", ".", "folder to serve")
	headers := flag.String("headers", "", "`file` of response headers to add to every answer, as curl -D saves them")
	timeouts := flag.Bool("timeouts", false, "set the server timeouts of clinic serve")
	flag.Parse()
	if host, _, err := net.SplitHostPort(*addr); err != nil || !net.ParseIP(host).IsLoopback() {
		log.Fatalf("netstatic: %q is not a loopback address", *addr)
	}
	files, err := load(*root)
	if err != nil {
		log.Fatal(err)
	}
	var extra []field
	if *headers != "" {
		if extra, err = readHeaderFile(*headers); err != nil {
			log.Fatal(err)
		}
	}
	srv := &http.Server{Addr: *addr, Handler: handler(files, extra)}
	if *timeouts {
		setClinicTimeouts(srv)
	}
	log.Fatal(srv.ListenAndServe())
}

// setClinicTimeouts sets the timeouts cmd/clinic/serve.go gives its server.
func setClinicTimeouts(srv *http.Server) {
	srv.ReadHeaderTimeout = 10 * time.Second
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 60 * time.Second
	srv.IdleTimeout = 2 * time.Minute
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

// field is a response header and its values.
type field struct {
	key    string
	values []string
}

// ownHeaders are the headers netstatic sets itself or net/http does: they
// describe the body or the connection, so a saved copy is not sent.
var ownHeaders = []string{"Connection", "Content-Encoding", "Content-Length", "Content-Type", "Date", "Transfer-Encoding"}

// readHeaderFile reads the headers of a response saved by curl -D.
func readHeaderFile(name string) ([]field, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseHeaders(f)
}

// parseHeaders reads a status line and header lines, as curl -D writes
// them, and returns the headers but ownHeaders, sorted by name.
func parseHeaders(r io.Reader) ([]field, error) {
	tp := textproto.NewReader(bufio.NewReader(r))
	status, err := tp.ReadLine()
	if err != nil {
		return nil, fmt.Errorf("netstatic: read headers: %w", err)
	}
	if !strings.HasPrefix(status, "HTTP/") {
		return nil, fmt.Errorf("netstatic: read headers: %q is not a status line", status)
	}
	h, err := tp.ReadMIMEHeader()
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("netstatic: read headers: %w", err)
	}
	var fields []field
	for k, v := range h {
		if !slices.Contains(ownHeaders, k) {
			fields = append(fields, field{k, v})
		}
	}
	slices.SortFunc(fields, func(a, b field) int { return strings.Compare(a.key, b.key) })
	return fields, nil
}

func handler(files map[string]*file, extra []field) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f := files[r.URL.Path]
		if f == nil || f.plain == nil {
			http.NotFound(w, r)
			return
		}
		body, h := f.plain, w.Header()
		for _, e := range extra {
			h[e.key] = e.values
		}
		h["Content-Type"] = []string{"text/html; charset=utf-8"}
		if f.gz != nil && strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			body = f.gz
			h["Content-Encoding"] = []string{"gzip"}
		}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		w.Write(body)
	})
}
