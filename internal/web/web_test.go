package web_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"clinic/content"
	"clinic/internal/auth"
	"clinic/internal/seal"
	"clinic/internal/store"
	"clinic/internal/web"
)

// testNow is the fixed clock of these tests: after every demo post but
// the scheduled one.
var testNow = time.Date(2026, 11, 25, 17, 0, 0, 0, time.UTC)

const testBase = "https://clinic.example"

// site is a server on a SQLite database of its own holding the demo
// clinic.
type site struct {
	srv   *web.Server
	db    *store.DB
	clock *clock
	// passwords is the server's hasher, for users the test makes.
	passwords *auth.Hasher
	// dir is the folder of the SQLite database; "" when the site's
	// services are on PostgreSQL.
	dir string
}

// clock is the tests' time: testNow until a test moves it.
type clock struct{ t atomic.Int64 }

func (c *clock) now() time.Time          { return time.Unix(0, c.t.Load()).UTC() }
func (c *clock) advance(d time.Duration) { c.t.Add(int64(d)) }
func newClock(t time.Time) *clock        { c := &clock{}; c.t.Store(t.UnixNano()); return c }

// testPasswords hashes the tests' passwords at a cost far below the
// policy: under the race detector a hash at the policy's cost takes a
// third of a second, and most tests sign in. Servers on newSite use it
// too, so that they do not rehash these hashes at sign-in; tests of the
// production cost set Config.Passwords back to nil.
var testPasswords = func() *auth.Hasher {
	h, err := auth.NewHasher(auth.Cost{MemoryKiB: 64, Passes: 1, Lanes: 1})
	if err != nil {
		panic(err)
	}
	return h
}()

// testSealer is the key of every test database.
func testSealer(t testing.TB) *seal.Sealer {
	t.Helper()
	sealer, err := seal.New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return sealer
}

func TestMain(m *testing.M) {
	code := m.Run()
	if demoDir != "" {
		os.RemoveAll(demoDir)
	}
	os.Exit(code)
}

// demoDir holds the demo database that demoDB builds.
var demoDir string

// demoDB builds, once per test run, a SQLite file holding the demo clinic
// and its weekly hours at testNow, and returns its path. newSite copies it
// rather than importing the demo again for every test.
var demoDB = sync.OnceValues(func() (string, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "clinic-web-test-")
	if err != nil {
		return "", err
	}
	demoDir = dir
	sealer, err := seal.New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		return "", err
	}
	clk := newClock(testNow)
	db, err := store.Open(ctx, "", store.Options{DataDir: filepath.Join(dir, "build"), Sealer: sealer, Now: clk.now})
	if err != nil {
		return "", err
	}
	defer db.Close()
	if err := loadDemo(ctx, db); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "demo.db")
	return path, db.CopyTo(ctx, path)
})

// loadDemo imports the demo clinic and sets its clinicians' weekly hours.
func loadDemo(ctx context.Context, db *store.DB) error {
	b, err := content.Read(content.Demo())
	if err != nil {
		return err
	}
	if _, err := db.Import(ctx, b); err != nil {
		return err
	}
	doctors, err := db.Doctors(ctx)
	if err != nil {
		return err
	}
	for slug, week := range content.DemoWeek(doctors) {
		if err := db.SetWeeklyAvailability(ctx, slug, week); err != nil {
			return err
		}
	}
	return nil
}

// openDemoCopy opens a copy of the demo database of its own for the test.
func openDemoCopy(t testing.TB, dir string, now func() time.Time) *store.DB {
	t.Helper()
	src, err := demoDB()
	if err != nil {
		t.Fatalf("build the demo database: %v", err)
	}
	if err := copyFile(src, filepath.Join(dir, "clinic.db")); err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(context.Background(), "", store.Options{DataDir: dir, Sealer: testSealer(t), Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o600)
}

func newSite(t testing.TB) *site {
	t.Helper()
	return newSiteWith(t, nil)
}

// newSiteLogging is newSite with the server's log going to log.
func newSiteLogging(t testing.TB, log *slog.Logger) *site {
	t.Helper()
	return newSiteWith(t, func(c *web.Config) { c.Logger = log })
}

// newSiteWith is newSite with the server's configuration changed by edit.
func newSiteWith(t testing.TB, edit func(*web.Config)) *site {
	t.Helper()
	ctx := context.Background()
	clk := newClock(testNow)
	dir := t.TempDir()
	db := openDemoCopy(t, dir, clk.now)
	cfg := web.Config{BaseURL: testBase, Content: db, Intake: db, Ready: db.Ping, Now: clk.now,
		Staff: db, Editor: db, Audit: db, Leads: db, Media: db, Mailer: db, Schedule: db, Booking: db, MailSettings: db, Waitlist: db, Triage: db, Outcomes: db, Questionnaires: db, Reviews: db, Patients: db, Portal: db, Messages: db, Passkeys: db, Guardians: db, PreVisit: db, LinkKey: bytes.Repeat([]byte{9}, 32),
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}, Passwords: testPasswords}
	if edit != nil {
		edit(&cfg)
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	v, err := db.Version(ctx)
	if err != nil {
		t.Fatal(err)
	}
	srv.SetVersion(v)
	return &site{srv: srv, db: db, clock: clk, passwords: cfg.Passwords, dir: dir}
}

// response is an answer of the server with its body read and, for HTML,
// parsed.
type response struct {
	*http.Response
	body string
	doc  *html.Node
}

func (s *site) do(t testing.TB, req *http.Request) *response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.srv.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	r := &response{Response: res, body: string(b)}
	if strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") && res.Header.Get("Content-Encoding") == "" {
		doc, err := html.Parse(strings.NewReader(r.body))
		if err != nil {
			t.Fatalf("%s %s: parse HTML: %v", req.Method, req.URL, err)
		}
		r.doc = doc
	}
	return r
}

// get asks for target as a browser would: without its #fragment.
func (s *site) get(t testing.TB, target string) *response {
	t.Helper()
	target, _, _ = strings.Cut(target, "#")
	return s.do(t, httptest.NewRequest(http.MethodGet, target, nil))
}

func (s *site) postForm(t testing.TB, target string, form url.Values) *response {
	t.Helper()
	return s.do(t, formRequest(target, form))
}

// withField is a copy of v with field k set to value.
func withField(v url.Values, k, value string) url.Values {
	c := url.Values{}
	for key, vs := range v {
		c[key] = vs
	}
	c.Set(k, value)
	return c
}

// formRequest is a same-origin POST of form, as a browser sends it.
func formRequest(target string, form url.Values) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

// all returns the nodes that match a CSS selector.
func (r *response) all(t testing.TB, selector string) []*html.Node {
	t.Helper()
	if r.doc == nil {
		t.Fatalf("response is not HTML: %s", r.Header.Get("Content-Type"))
	}
	return cascadia.MustCompile(selector).MatchAll(r.doc)
}

// text returns the text of the first node that matches selector, or "".
func (r *response) text(t testing.TB, selector string) string {
	t.Helper()
	nodes := r.all(t, selector)
	if len(nodes) == 0 {
		return ""
	}
	return nodeText(nodes[0])
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// jsonLD parses every JSON-LD block of the page and returns their types.
func (r *response) jsonLD(t testing.TB) []string {
	t.Helper()
	var types []string
	for _, n := range r.all(t, `script[type="application/ld+json"]`) {
		var v map[string]any
		if err := json.Unmarshal([]byte(nodeText(n)), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, nodeText(n))
		}
		if v["@context"] != "https://schema.org" {
			t.Errorf("JSON-LD @context = %v", v["@context"])
		}
		types = append(types, v["@type"].(string))
	}
	return types
}

func gunzip(t testing.TB, s string) string {
	t.Helper()
	zr, err := gzip.NewReader(strings.NewReader(s))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
