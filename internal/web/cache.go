package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// pageTTL bounds how long a rendered page is served without a content
// write: posts scheduled for a time appear at most this late.
const pageTTL = time.Minute

// entry is one rendered page: its gzipped body, its type and its ETag.
// The plain body is kept too while it is small.
type entry struct {
	key         string
	version     int64
	expires     time.Time
	contentType []string // header values, built once and shared by every answer
	etag        []string
	gz, plain   []byte
	gzLen       []string
	plainLen    []string
}

func (e *entry) size() int { return len(e.key) + len(e.gz) + len(e.plain) + 128 }

// pageCache holds rendered pages in memory, least recently used out first,
// within a budget of bytes.
type pageCache struct {
	mu     sync.Mutex
	budget int
	used   int
	lru    *list.List // of *entry, most recent at the front
	byKey  map[string]*list.Element
	// rendering holds a channel per key being rendered, closed when the
	// render ends, so that concurrent misses render a page once.
	rendering map[string]chan struct{}
}

func newPageCache(budget int) *pageCache {
	if budget <= 0 {
		budget = 32 << 20
	}
	return &pageCache{budget: budget, lru: list.New(), byKey: map[string]*list.Element{}, rendering: map[string]chan struct{}{}}
}

func (c *pageCache) get(key string, version int64, now time.Time) *entry {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return nil
	}
	e := el.Value.(*entry)
	if e.version != version || now.After(e.expires) {
		c.remove(el)
		return nil
	}
	c.lru.MoveToFront(el)
	return e
}

func (c *pageCache) put(e *entry) {
	if e.size() > c.budget/8 {
		return // one page may not crowd out the rest
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[e.key]; ok {
		c.remove(el)
	}
	c.byKey[e.key] = c.lru.PushFront(e)
	c.used += e.size()
	for c.used > c.budget {
		c.remove(c.lru.Back())
	}
}

func (c *pageCache) remove(el *list.Element) {
	e := c.lru.Remove(el).(*entry)
	delete(c.byKey, e.key)
	c.used -= e.size()
}

// begin marks key as being rendered by the caller and returns nil, or,
// when another request renders it already, a channel closed when that
// render ends.
func (c *pageCache) begin(key string) <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ch, ok := c.rendering[key]; ok {
		return ch
	}
	c.rendering[key] = make(chan struct{})
	return nil
}

// end marks the render of key as over.
func (c *pageCache) end(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.rendering[key])
	delete(c.rendering, key)
}

func (c *pageCache) clear() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Init()
	clear(c.byKey)
	c.used = 0
}

// cached serves a public page from the cache, rendering it with h when the
// cache has no current copy. Only complete 200 answers are kept. The key is
// the path alone: a query string cannot push pages out of the cache. When
// many requests miss the same page at once, one renders it and the others
// wait for its result.
func (s *Server) cached(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.Path
		if !s.cfg.Dev {
			if e := s.cache.get(key, s.version.Load(), time.Now()); e != nil {
				serveEntry(w, r, e)
				return
			}
			if wait := s.cache.begin(key); wait != nil {
				select {
				case <-wait:
				case <-r.Context().Done():
					return
				}
				if e := s.cache.get(key, s.version.Load(), time.Now()); e != nil {
					serveEntry(w, r, e)
					return
				}
			} else {
				defer s.cache.end(key)
				// Another render may have ended between the miss and begin.
				if e := s.cache.get(key, s.version.Load(), time.Now()); e != nil {
					serveEntry(w, r, e)
					return
				}
			}
		}
		s.render200(w, r, h, key)
	})
}

// render200 runs h and caches its answer when it is a 200.
func (s *Server) render200(w http.ResponseWriter, r *http.Request, h handlerFunc, key string) {
	version, now := s.version.Load(), time.Now()
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	if err := h(rec, r); err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.status != http.StatusOK {
		rec.copyTo(w)
		return
	}
	e := newEntry(key, version, now.Add(pageTTL), rec)
	s.cache.put(e)
	serveEntry(w, r, e)
}

func newEntry(key string, version int64, expires time.Time, rec *recorder) *entry {
	sum := sha256.Sum256(rec.body.Bytes())
	e := &entry{
		key: key, version: version, expires: expires,
		contentType: []string{rec.header.Get("Content-Type")},
		etag:        []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`},
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(rec.body.Bytes())
	zw.Close()
	e.gz = gz.Bytes()
	e.gzLen = []string{strconv.Itoa(len(e.gz))}
	e.plainLen = []string{strconv.Itoa(rec.body.Len())}
	if rec.body.Len() <= 16<<10 {
		e.plain = rec.body.Bytes()
	}
	return e
}

// serveEntry writes a cached page, answering 304 when the client has it
// and gzip when the client takes it.
func serveEntry(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	h["Content-Type"] = e.contentType
	h["Etag"] = e.etag
	h["Cache-Control"] = cacheControlPublic
	h["Vary"] = varyEncoding
	if etagMatch(r.Header.Get("If-None-Match"), e.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	body, length := e.plain, e.plainLen
	if acceptsGzip(r) {
		h["Content-Encoding"] = encodingGzip
		body, length = e.gz, e.gzLen
	} else if body == nil {
		body = gunzip(e.gz)
	}
	h["Content-Length"] = length
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// Header values of cached pages. Handlers never append to them.
var (
	cacheControlPublic = []string{"public, max-age=0, must-revalidate"}
	varyEncoding       = []string{"Accept-Encoding"}
	encodingGzip       = []string{"gzip"}
)

func gunzip(b []byte) []byte {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil
	}
	var out bytes.Buffer
	out.ReadFrom(zr)
	return out.Bytes()
}

// etagMatch reports whether an If-None-Match header names etag, in the
// weak comparison RFC 9110 asks for.
func etagMatch(header, etag string) bool {
	if header == "" {
		return false
	}
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether the client takes gzip: named in
// Accept-Encoding without q=0.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		name, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(name), "gzip") {
			q := strings.ReplaceAll(params, " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

// recorder captures what a handler writes so that it can be cached.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }

func (r *recorder) copyTo(w http.ResponseWriter) {
	for k, v := range r.header {
		w.Header()[k] = v
	}
	w.WriteHeader(r.status)
	w.Write(r.body.Bytes())
}
