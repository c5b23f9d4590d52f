package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCrawlFindsNoBrokenLink follows every internal link and asset from the
// home page and checks that each answers 200 or a redirect to a page that
// does.
func TestCrawlFindsNoBrokenLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	seen := map[string]string{"/": "start"}
	queue := []string{"/"}
	for len(queue) > 0 {
		path := queue[0]
		queue = queue[1:]
		r := s.get(t, path)
		for hops := 0; r.StatusCode == http.StatusMovedPermanently && hops < 3; hops++ {
			r = s.get(t, r.Header.Get("Location"))
		}
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s (linked from %s) answers %d", path, seen[path], r.StatusCode)
			continue
		}
		if r.doc == nil {
			continue
		}
		for _, n := range r.all(t, "a[href], link[href], script[src]") {
			ref := attr(n, "href") + attr(n, "src")
			u, err := url.Parse(ref)
			if err != nil {
				t.Errorf("%s links to an unparsable URL %q", path, ref)
				continue
			}
			if u.Host != "" || u.Scheme != "" || !strings.HasPrefix(u.Path, "/") {
				continue // external, tel:, mailto: or a fragment
			}
			target := u.Path
			if u.RawQuery != "" {
				target += "?" + u.RawQuery
			}
			if _, ok := seen[target]; !ok {
				seen[target] = path
				queue = append(queue, target)
			}
		}
	}
	if len(seen) < 80 {
		t.Errorf("crawled only %d URLs; the demo site has more", len(seen))
	}
	t.Logf("crawled %d URLs", len(seen))
}
