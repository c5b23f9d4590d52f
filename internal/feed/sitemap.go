package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// Limits of one sitemap file set by the sitemaps.org protocol 0.9. A site
// with more URLs needs a sitemap index, which this package does not write.
const (
	MaxSitemapURLs  = 50000
	MaxSitemapBytes = 50 * 1024 * 1024 // uncompressed
	maxLocLength    = 2048
)

// URL is one page of the sitemap.
type URL struct {
	Loc     string    // absolute http or https URL
	LastMod time.Time // when zero, lastmod is left out
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// Sitemap writes urls as a sitemap (sitemaps.org protocol 0.9). lastmod is
// a full W3C date-time in UTC. It is an error to pass more than
// MaxSitemapURLs URLs, a URL that is not absolute or longer than 2,048
// characters, or URLs whose sitemap would exceed MaxSitemapBytes.
func Sitemap(urls []URL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("feed: sitemap: %d URLs, over the limit of %d", len(urls), MaxSitemapURLs)
	}
	set := urlSet{URLs: make([]sitemapURL, 0, len(urls))}
	for _, u := range urls {
		if err := checkLoc(u.Loc); err != nil {
			return nil, fmt.Errorf("feed: sitemap: %w", err)
		}
		su := sitemapURL{Loc: u.Loc}
		if !u.LastMod.IsZero() {
			su.LastMod = u.LastMod.UTC().Format(time.RFC3339)
		}
		set.URLs = append(set.URLs, su)
	}
	out, err := marshal(set)
	if err != nil {
		return nil, fmt.Errorf("feed: sitemap: %w", err)
	}
	if len(out) > MaxSitemapBytes {
		return nil, fmt.Errorf("feed: sitemap: %d bytes, over the limit of %d", len(out), MaxSitemapBytes)
	}
	return out, nil
}

// checkLoc reports why loc cannot go in a sitemap.
func checkLoc(loc string) error {
	if len(loc) > maxLocLength {
		return fmt.Errorf("URL of %d characters, over the limit of %d", len(loc), maxLocLength)
	}
	u, err := url.Parse(loc)
	if err != nil {
		return err
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("URL %q is not absolute", loc)
	}
	return nil
}

// Robots writes a robots.txt that lets every crawler fetch everything but
// the disallow paths, and names the sitemap at baseURL + "/sitemap.xml".
// Paths are written one per Disallow line, with a leading slash added when
// missing; control characters are dropped so that no path can add a line.
func Robots(baseURL string, disallow []string) []byte {
	var b bytes.Buffer
	b.WriteString("User-agent: *\n")
	n := 0
	for _, p := range disallow {
		if p = robotsPath(p); p != "" {
			fmt.Fprintf(&b, "Disallow: %s\n", p)
			n++
		}
	}
	if n == 0 {
		b.WriteString("Disallow:\n") // an empty Disallow allows everything
	}
	fmt.Fprintf(&b, "\nSitemap: %s/sitemap.xml\n", strings.TrimRight(baseURL, "/"))
	return b.Bytes()
}

// robotsPath cleans p for a Disallow line; it returns "" for nothing.
func robotsPath(p string) string {
	p = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, p)
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	if !strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "*") {
		p = "/" + p
	}
	return p
}
