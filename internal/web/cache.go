package web

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// pageTTL bounds how long a rendered page is served without a content
// write: posts scheduled for a time appear at most this late.
const pageTTL = time.Minute

// entry is one rendered page: its body plain and gzipped, its type, its
// ETag and the route that rendered it, for the request log.
type entry struct {
	key         string
	route       string
	version     int64
	expires     time.Time
	contentType []string // header values, built once and shared by every answer
	etag        []string
	gz, plain   []byte
	gzLen       []string
	plainLen    []string
}

// size is what an entry counts against the cache's budget: both bodies
// and a share for the rest.
func (e *entry) size() int { return len(e.key) + len(e.route) + len(e.gz) + len(e.plain) + 256 }

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
// the escaped path, which the router matches on, alone: a query string
// cannot push pages out of the cache. When many requests miss the same
// page at once, one renders it and the others wait for its result.
//
// Most hits never reach this handler: the middleware replays cached
// answers before routing (replay), so a wrapper around a cached route sees
// only misses and requests with a query string.
func (s *Server) cached(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := r.URL.EscapedPath()
		if !s.cfg.Dev {
			if e := s.cache.get(key, s.version.Load(), s.pageNow()); e != nil {
				s.countCache(true)
				serveEntry(w, r, e)
				return
			}
			if wait := s.cache.begin(key); wait != nil {
				select {
				case <-wait:
				case <-r.Context().Done():
					return
				}
				if e := s.cache.get(key, s.version.Load(), s.pageNow()); e != nil {
					s.countCache(true)
					serveEntry(w, r, e)
					return
				}
			} else {
				defer s.cache.end(key)
				// Another render may have ended between the miss and begin.
				if e := s.cache.get(key, s.version.Load(), s.pageNow()); e != nil {
					s.countCache(true)
					serveEntry(w, r, e)
					return
				}
			}
		}
		s.countCache(false)
		s.render200(w, r, h, key)
	})
}

// replay answers r from the page cache before routing when it can: a GET
// or HEAD with no query string and no body, for a path whose page is
// cached. It returns the route that rendered the page and the status it
// wrote, or ok false when it wrote nothing. The answer is the one routing
// would give: only the page routes fill the cache, and the key is the
// escaped path the router matched, so the same path finds the same route.
func (s *Server) replay(w http.ResponseWriter, r *http.Request) (route string, status int, ok bool) {
	if s.cfg.Dev || (r.Method != http.MethodGet && r.Method != http.MethodHead) ||
		r.URL.RawQuery != "" || r.ContentLength != 0 {
		return "", 0, false
	}
	e := s.cache.get(r.URL.EscapedPath(), s.version.Load(), s.pageNow())
	if e == nil {
		return "", 0, false
	}
	s.countCache(true)
	return e.route, serveEntry(w, r, e), true
}

// pageNow is the time that cached pages expire by: the server's clock,
// which tests set, or the wall clock.
func (s *Server) pageNow() time.Time {
	if s.now != nil {
		return s.now()
	}
	return time.Now()
}

// render200 runs h and caches its answer when it is a 200.
func (s *Server) render200(w http.ResponseWriter, r *http.Request, h handlerFunc, key string) {
	version, now := s.version.Load(), s.pageNow()
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	if err := h(rec, r); err != nil {
		s.fail(w, r, err)
		return
	}
	if rec.status != http.StatusOK {
		rec.copyTo(w)
		return
	}
	e := newEntry(key, r.Pattern, version, now.Add(pageTTL), rec)
	s.cache.put(e)
	serveEntry(w, r, e)
}

// newEntry keeps a rendered page plain and gzipped, so that neither kind
// of client costs a compression or a decompression per request.
func newEntry(key, route string, version int64, expires time.Time, rec *recorder) *entry {
	body := rec.body.Bytes()
	sum := sha256.Sum256(body)
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(body)
	zw.Close()
	return &entry{
		key: key, route: route, version: version, expires: expires,
		contentType: []string{rec.header.Get("Content-Type")},
		etag:        []string{`"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`},
		plain:       bytes.Clone(body), // no spare capacity held outside the budget
		plainLen:    []string{strconv.Itoa(len(body))},
		gz:          bytes.Clone(gz.Bytes()),
		gzLen:       []string{strconv.Itoa(gz.Len())},
	}
}

// serveEntry writes a cached page, answering 304 when the client has it
// and gzip when the client prefers it, and returns the status it wrote.
// Every header value is built once per entry: it allocates nothing.
func serveEntry(w http.ResponseWriter, r *http.Request, e *entry) int {
	h := w.Header()
	h["Content-Type"] = e.contentType
	h["Etag"] = e.etag
	h["Cache-Control"] = cacheControlPublic
	h["Vary"] = varyEncoding
	if inm := r.Header["If-None-Match"]; inm != nil && etagMatchAny(inm, e.etag[0]) {
		w.WriteHeader(http.StatusNotModified)
		return http.StatusNotModified
	}
	body, length := e.plain, e.plainLen
	if acceptsGzip(r) {
		h["Content-Encoding"] = encodingGzip
		body, length = e.gz, e.gzLen
	}
	h["Content-Length"] = length
	if r.Method != http.MethodHead {
		w.Write(body)
	}
	return http.StatusOK
}

// Header values of cached pages. Handlers never append to them.
var (
	cacheControlPublic = []string{"public, max-age=0, must-revalidate"}
	varyEncoding       = []string{"Accept-Encoding"}
	encodingGzip       = []string{"gzip"}
)

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
