package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic/internal/pgtest"
	"clinic/internal/store"
	"clinic/internal/web"
)

// forEachSearchSite runs fn with the demo site searching SQLite, and with
// the demo site whose content, search included, comes from PostgreSQL.
func forEachSearchSite(t *testing.T, fn func(t *testing.T, s *site)) {
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		fn(t, newSite(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		dsn := pgtest.NewDatabase(t)
		clk := newClock(testNow)
		db, err := store.Open(context.Background(), dsn, store.Options{Sealer: testSealer(t), Now: clk.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		if err := loadDemo(context.Background(), db); err != nil {
			t.Fatal(err)
		}
		fn(t, newSiteWith(t, func(c *web.Config) { c.Content = db }))
	})
}

// resultLinks returns the addresses the results of a search page lead to.
func resultLinks(t *testing.T, r *response) []string {
	t.Helper()
	var links []string
	for _, a := range r.all(t, `main ol.results h2 a`) {
		links = append(links, attr(a, "href"))
	}
	return links
}

// relLink returns the href of the link with the rel, or "".
func relLink(t *testing.T, r *response, rel string) string {
	t.Helper()
	if as := r.all(t, `main a[rel="`+rel+`"]`); len(as) > 0 {
		return attr(as[0], "href")
	}
	return ""
}

func TestSearchPages(t *testing.T) {
	forEachSearchSite(t, func(t *testing.T, s *site) {
		first := s.get(t, "/search?q=pain")
		if first.StatusCode != http.StatusOK {
			t.Fatalf("status %d", first.StatusCode)
		}
		count := first.text(t, "main .result-count")
		total, err := strconv.Atoi(strings.Fields(count)[0])
		if err != nil || total <= 10 {
			t.Fatalf("count %q: want more than ten results to page through", count)
		}
		pages := (total + 9) / 10
		var seen []string
		r, target := first, ""
		for page := 1; page <= pages; page++ {
			if page > 1 {
				r = s.get(t, target)
			}
			t.Run("page "+strconv.Itoa(page)+" of "+strconv.Itoa(pages)+" links to its neighbours", func(t *testing.T) {
				checkSearchPage(t, r, page, pages, total)
			})
			seen = append(seen, resultLinks(t, r)...)
			target = relLink(t, r, "next")
		}
		if len(seen) != total {
			t.Errorf("the pages hold %d results, the count says %d", len(seen), total)
		}
		unique := map[string]bool{}
		for _, l := range seen {
			if unique[l] {
				t.Errorf("%s is on two pages", l)
			}
			unique[l] = true
		}
	})
}

// checkSearchPage checks page of pages: its heading, the numbering of
// its results and its previous and next links.
func checkSearchPage(t *testing.T, r *response, page, pages, total int) {
	t.Helper()
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	want := strconv.Itoa(total) + " results, page " + strconv.Itoa(page) + " of " + strconv.Itoa(pages) + "."
	if got := r.text(t, "main .result-count"); got != want {
		t.Errorf("count = %q, want %q", got, want)
	}
	if got, want := attr(r.all(t, "main ol.results")[0], "start"), strconv.Itoa((page-1)*10+1); got != want {
		t.Errorf("the list starts at %s, want %s", got, want)
	}
	wantLink := func(p int) string {
		switch {
		case p < 1 || p > pages:
			return ""
		case p == 1:
			return "/search?q=pain"
		}
		return "/search?page=" + strconv.Itoa(p) + "&q=pain"
	}
	got := []string{relLink(t, r, "prev"), relLink(t, r, "next")}
	if diff := cmp.Diff([]string{wantLink(page - 1), wantLink(page + 1)}, got); diff != "" {
		t.Errorf("prev and next links (-want +got):\n%s", diff)
	}
	if n := len(resultLinks(t, r)); n != min(10, total-(page-1)*10) {
		t.Errorf("%d results on the page", n)
	}
}

func TestSearchFindsWordsByTheirStart(t *testing.T) {
	forEachSearchSite(t, func(t *testing.T, s *site) {
		for _, q := range []string{"sciatic", "Sciatica", "sciatic nerve"} {
			r := s.get(t, "/search?q="+url.QueryEscape(q))
			if links := resultLinks(t, r); !slices.Contains(links, "/blog/sciatica-what-it-is-and-what-helps") {
				t.Errorf("%q finds %v, not the sciatica article", q, links)
			}
		}
	})
}

func TestSearchAnswersBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	tests := []struct {
		name, query string
		status      int
		problem     string // the start of the alert, or "" for none
	}{
		{"an empty query shows the form", "q=", 200, ""},
		{"no query at all shows the form", "", 200, ""},
		{"a very long query is cut, not refused", "q=" + strings.Repeat("spine+", 3000), 200, ""},
		{"an FTS5 NEAR group is text", "q=" + url.QueryEscape("NEAR(back pain"), 200, ""},
		{"a lone quote is text", "q=" + url.QueryEscape(`"`), 200, ""},
		{"a star is text", "q=*", 200, ""},
		{"a tsquery prefix is text", "q=" + url.QueryEscape("back:*"), 200, ""},
		{"tsquery operators are text", "q=" + url.QueryEscape("back & pain | !leg"), 200, ""},
		{"a NUL byte separates words", "q=back%00pain", 200, ""},
		{"invalid UTF-8 separates words", "q=back%FF%FEpain", 200, ""},
		{"page 0 is refused", "q=pain&page=0", 400, "The page number must be a whole number"},
		{"a negative page is refused", "q=pain&page=-1", 400, "The page number must be a whole number"},
		{"a page that is not a number is refused", "q=pain&page=abc", 400, "The page number must be a whole number"},
		{"a fractional page is refused", "q=pain&page=1.5", 400, "The page number must be a whole number"},
		{"a page number too long for a number is refused", "q=pain&page=99999999999999999999", 400, "The page number must be a whole number"},
		{"a bad page is refused without a query too", "page=x", 400, "The page number must be a whole number"},
		{"a page far beyond the last is not found", "q=pain&page=999999999999", 404, "There is no page 999999999999 of results for “pain”."},
		{"a page of a query that finds nothing is not found", "q=zzzzqqq&page=2", 404, "There is no page 2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.get(t, "/search?"+tt.query)
			if r.StatusCode != tt.status {
				t.Errorf("status %d, want %d", r.StatusCode, tt.status)
			}
			got := r.text(t, "main .alert")
			if !strings.HasPrefix(got, tt.problem) || (tt.problem == "") != (got == "") {
				t.Errorf("alert %q, want one starting %q", got, tt.problem)
			}
			if len(r.all(t, `main form[action="/search"] input[name="q"]`)) != 1 {
				t.Error("the page has no search box")
			}
			if cc := r.Header.Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("Cache-Control = %q, want no-cache", cc)
			}
		})
	}
}

func TestSearchJustBeyondTheLastPageLinksToIt(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	count := s.get(t, "/search?q=pain").text(t, "main .result-count")
	total, err := strconv.Atoi(strings.Fields(count)[0])
	if err != nil {
		t.Fatalf("count %q", count)
	}
	beyond := (total+9)/10 + 1
	r := s.get(t, "/search?q=pain&page="+strconv.Itoa(beyond))
	if want := "There is no page " + strconv.Itoa(beyond) + " of results for “pain”."; r.text(t, "main .alert") != want {
		t.Errorf("alert %q, want %q", r.text(t, "main .alert"), want)
	}
	as := r.all(t, `main a[href^="/search?page="]`)
	if r.StatusCode != http.StatusNotFound || len(as) != 1 {
		t.Fatalf("status %d with %d links to a page of results", r.StatusCode, len(as))
	}
	last := s.get(t, attr(as[0], "href"))
	if last.StatusCode != http.StatusOK || len(resultLinks(t, last)) == 0 || relLink(t, last, "next") != "" {
		t.Errorf("the linked page answers %d with %d results and next %q; want the last page",
			last.StatusCode, len(resultLinks(t, last)), relLink(t, last, "next"))
	}
}

func TestSearchSuggestsASpelling(t *testing.T) {
	forEachSearchSite(t, func(t *testing.T, s *site) {
		tests := []struct {
			name, query, want string
		}{
			{"a misspelt word gets the site's word", "siatica", "sciatica"},
			{"the other words are kept", "siatica exercises", "sciatica exercises"},
			{"a word the site knows gets none", "sciatica", ""},
			{"gibberish gets none", "qqqzzzxx", ""},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				r := s.get(t, "/search?q="+url.QueryEscape(tt.query))
				links := r.all(t, "main .suggestion a")
				if tt.want == "" {
					if len(links) != 0 {
						t.Errorf("suggests %q", nodeText(links[0]))
					}
					return
				}
				if len(links) != 1 || nodeText(links[0]) != tt.want {
					t.Fatalf("suggestion links %d, want one to %q", len(links), tt.want)
				}
				followed := s.get(t, attr(links[0], "href"))
				if followed.StatusCode != http.StatusOK || len(resultLinks(t, followed)) == 0 {
					t.Errorf("the suggestion's link answers %d with %d results", followed.StatusCode, len(resultLinks(t, followed)))
				}
				if got := followed.all(t, `main input[name="q"]`); attr(got[0], "value") != tt.want {
					t.Errorf("the suggestion's link searches for %q", attr(got[0], "value"))
				}
			})
		}
	})
}

// TestSearchPagesAreValidHTML runs the W3C Nu HTML checker over the
// search pages that TestPagesAreValidHTML does not visit: a later page,
// a suggestion, a refused page number and a page beyond the last.
func TestSearchPagesAreValidHTML(t *testing.T) {
	t.Parallel()
	java, jar := validator(t)
	s := newSite(t)
	args := []string{"-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--format", "json", "--stdout"}
	byFile := map[string]string{}
	for i, target := range []string{"/search", "/search?q=pain&page=2", "/search?q=siatica", "/search?q=pain&page=abc", "/search?q=pain&page=99"} {
		file := filepath.Join(t.TempDir(), fmt.Sprintf("search%d.html", i))
		if err := os.WriteFile(file, []byte(s.get(t, target).body), 0o600); err != nil {
			t.Fatal(err)
		}
		byFile["file:"+file] = target
		args = append(args, file)
	}
	for _, m := range runValidator(t, java, args) {
		if m.Type != "info" {
			t.Errorf("%s line %d: %s: %s", byFile[m.URL], m.LastLine, m.Type, m.Message)
		}
	}
}
