package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestGzipIsChosenByAcceptEncoding(t *testing.T) {
	tests := []struct {
		name  string
		lines []string // Accept-Encoding lines of the request
		want  bool
	}{
		{"no header means plain", nil, false},
		{"an empty header means plain", []string{""}, false},
		{"gzip alone is taken", []string{"gzip"}, true},
		{"a browser's list is taken", []string{"gzip, deflate, br, zstd"}, true},
		{"the name is case-insensitive", []string{"GZip"}, true},
		{"x-gzip is gzip", []string{"x-gzip"}, true},
		{"q=0 refuses gzip", []string{"gzip;q=0"}, false},
		{"q=0.000 refuses gzip", []string{"gzip;q=0.000"}, false},
		{"spaces around the parameter are allowed", []string{"gzip ; q=0"}, false},
		{"a capital Q is a q", []string{"gzip;Q=0"}, false},
		{"a small q still takes gzip", []string{"br, gzip;q=0.001"}, true},
		{"q=1 takes gzip", []string{"gzip;q=1.000"}, true},
		{"a star takes gzip", []string{"*"}, true},
		{"a star with q=0 refuses gzip", []string{"*;q=0"}, false},
		{"gzip named wins over a refusing star", []string{"*;q=0, gzip"}, true},
		{"gzip refused wins over a star", []string{"gzip;q=0, *"}, false},
		{"identity preferred to gzip is plain", []string{"gzip;q=0.5, identity"}, false},
		{"gzip preferred to identity is gzip", []string{"gzip, identity;q=0.5"}, true},
		{"equal weights go to gzip", []string{"gzip;q=0.5, identity;q=0.5"}, true},
		{"identity refused leaves gzip", []string{"identity;q=0, gzip"}, true},
		{"identity refused without gzip is still plain", []string{"identity;q=0"}, false},
		{"other codings alone are plain", []string{"br, deflate, zstd"}, false},
		{"a longer name is not gzip", []string{"x-gzip-ish, gzipped"}, false},
		{"gzip on a second line counts", []string{"br", "gzip"}, true},
		{"a refusal on a second line counts", []string{"gzip;q=0.5", "identity"}, false},
		{"a q above 1 is ignored", []string{"gzip;q=1.5"}, false},
		{"a q with four decimals is ignored", []string{"gzip;q=0.5000"}, false},
		{"a q that is not a number is ignored", []string{"gzip;q=high"}, false},
		{"an empty q is ignored", []string{"gzip;q="}, false},
		{"other parameters are skipped", []string{"gzip;level=9;q=0"}, false},
		{"empty elements are skipped", []string{",, gzip ,"}, true},
		{"tabs are white space", []string{"\tgzip\t;\tq=0.8"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			for _, l := range tt.lines {
				r.Header.Add("Accept-Encoding", l)
			}
			if got := acceptsGzip(r); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tt.lines, got, tt.want)
			}
		})
	}
}

func TestQValuesParseToThousandths(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"0", 0, true},
		{"1", 1000, true},
		{"0.", 0, true},
		{"0.5", 500, true},
		{"0.05", 50, true},
		{"0.123", 123, true},
		{"1.0", 1000, true},
		{"1.000", 1000, true},
		{"1.001", 0, false},
		{"2", 0, false},
		{".5", 0, false},
		{"0.1234", 0, false},
		{"0,5", 0, false},
		{"0.a", 0, false},
		{"", 0, false},
		{"-0", 0, false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.in), func(t *testing.T) {
			got, ok := parseQValue(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("parseQValue(%q) = %d, %v; want %d, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

// qvalueGrammar is RFC 9110's qvalue, for the reference below.
var qvalueGrammar = regexp.MustCompile(`^(0(\.[0-9]{0,3})?|1(\.0{0,3})?)$`)

// referenceAcceptsGzip is acceptsGzip written plainly, with the standard
// library's parsers, to check the fast one against.
func referenceAcceptsGzip(lines []string) bool {
	g, i, star := -1.0, -1.0, -1.0
	for _, elem := range strings.Split(strings.Join(lines, ","), ",") {
		parts := strings.Split(elem, ";")
		q, ok := 1.0, true
		for _, p := range parts[1:] {
			k, v, _ := strings.Cut(p, "=")
			if strings.EqualFold(strings.Trim(k, " \t"), "q") {
				v = strings.Trim(v, " \t")
				f, err := strconv.ParseFloat(v, 64)
				q, ok = f, err == nil && qvalueGrammar.MatchString(v)
				break
			}
		}
		if !ok {
			continue
		}
		switch name := strings.ToLower(strings.Trim(parts[0], " \t")); name {
		case "gzip", "x-gzip":
			g = max(g, q)
		case "identity":
			i = max(i, q)
		case "*":
			star = max(star, q)
		}
	}
	pick := func(a float64) float64 {
		if a >= 0 {
			return a
		}
		return max(star, 0)
	}
	return pick(g) > 0 && pick(g) >= pick(i)
}

func FuzzAcceptEncoding(f *testing.F) {
	for _, s := range []string{"gzip", "gzip;q=0", "br, gzip;q=0.5", "*;q=0, gzip", "gzip;q=0.5, identity", "x-gzip;Q=1.000", "gzip;q=1.5", " , ;q=0"} {
		f.Add(s, "")
	}
	f.Add("gzip;q=0.5", "identity")
	f.Fuzz(func(t *testing.T, line1, line2 string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.Header["Accept-Encoding"] = []string{line1, line2}
		got, want := acceptsGzip(r), referenceAcceptsGzip([]string{line1, line2})
		if got != want {
			t.Errorf("acceptsGzip(%q, %q) = %v, the reference says %v", line1, line2, got, want)
		}
		if q, ok := parseQValue(line1); ok && (q < 0 || q > 1000) {
			t.Errorf("parseQValue(%q) = %d, outside 0..1000", line1, q)
		}
	})
}

func FuzzETagMatch(f *testing.F) {
	for _, s := range []string{`"abc"`, `W/"abc"`, `"x", "abc"`, `*`, ` , W/"abc" ,`, `abc`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		want := false
		for _, tag := range strings.Split(header, ",") {
			tag = strings.TrimPrefix(strings.Trim(tag, " \t"), "W/")
			want = want || tag == `"abc"` || tag == "*"
		}
		if got := etagMatch(header, `"abc"`); got != want {
			t.Errorf("etagMatch(%q) = %v, want %v", header, got, want)
		}
	})
}

// page is an entry for a cache test: bodies of the sizes given.
func page(key string, plain, gz int) *entry {
	return &entry{key: key, plain: make([]byte, plain), gz: make([]byte, gz), expires: time.Unix(1<<40, 0)}
}

func TestPageCacheCountsBothBodiesAndEvictsTheLeastRecentlyUsed(t *testing.T) {
	// The budget holds eight pages: one page may take at most an eighth.
	one := page("/1", 16<<10, 6<<10)
	c := newPageCache(8 * one.size())
	now := time.Unix(0, 0)
	for i := 1; i <= 8; i++ {
		c.put(page("/"+strconv.Itoa(i), 16<<10, 6<<10))
	}
	t.Run("both bodies count against the budget", func(t *testing.T) {
		if want := 8 * one.size(); c.used != want || one.size() < 22<<10 {
			t.Errorf("used %d bytes, want %d (entry size %d)", c.used, want, one.size())
		}
	})
	t.Run("a page read recently stays when another comes in", func(t *testing.T) {
		if c.get("/1", 0, now) == nil {
			t.Fatal("/1 is not cached")
		}
		c.put(page("/9", 16<<10, 6<<10))
		var kept []string
		for i := 1; i <= 9; i++ {
			if k := "/" + strconv.Itoa(i); c.get(k, 0, now) != nil {
				kept = append(kept, k)
			}
		}
		if got := strings.Join(kept, " "); got != "/1 /3 /4 /5 /6 /7 /8 /9" {
			t.Errorf("cache holds %s, want all but /2, the least recently used", got)
		}
		if c.used > c.budget || c.lru.Len() != len(c.byKey) {
			t.Errorf("used %d of %d bytes; list %d, map %d", c.used, c.budget, c.lru.Len(), len(c.byKey))
		}
	})
	t.Run("a page larger than an eighth of the budget is not kept", func(t *testing.T) {
		c.put(page("/big", 8*one.size(), 0))
		if c.byKey["/big"] != nil {
			t.Error("a page of the whole budget was kept")
		}
	})
	t.Run("an expired page is dropped on reading", func(t *testing.T) {
		if c.get("/1", 0, time.Unix(1<<41, 0)) != nil || c.byKey["/1"] != nil {
			t.Error("an expired page was served or kept")
		}
	})
	t.Run("a page of another content version is dropped on reading", func(t *testing.T) {
		if c.get("/3", 1, now) != nil || c.byKey["/3"] != nil {
			t.Error("a page of version 0 was served for version 1, or kept")
		}
	})
}

// discardWriter is a ResponseWriter that keeps nothing but its header.
type discardWriter struct{ h http.Header }

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d *discardWriter) WriteHeader(int)             {}

func TestCachedPagesCostNoWorkPerRequest(t *testing.T) {
	s := &Server{cache: newPageCache(0), log: slog.New(slog.DiscardHandler)}
	body := strings.Repeat("<p>A page well over sixteen kilobytes, as long posts are.</p>\n", 1000)
	h := s.cached(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, err := io.WriteString(w, body)
		return err
	})
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/long", nil))
	for _, enc := range []string{"", "gzip"} {
		t.Run("Accept-Encoding "+strconv.Quote(enc)+" allocates nothing", func(t *testing.T) {
			r := httptest.NewRequest("GET", "/long", nil)
			r.Header.Set("Accept-Encoding", enc)
			w := &discardWriter{h: http.Header{}}
			allocs := testing.AllocsPerRun(100, func() {
				clear(w.h)
				h.ServeHTTP(w, r)
			})
			if allocs > 0 {
				t.Errorf("%.1f allocations per cached answer, want none", allocs)
			}
		})
	}
}
