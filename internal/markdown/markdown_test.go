package markdown

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestHTML(t *testing.T) {
	r := New()
	tests := []struct {
		name string
		src  string
		want []string // substrings that must appear
		not  []string // substrings that must not appear
	}{
		{"headings get ids", "## What it is\n\ntext", []string{`<h2 id="what-it-is">What it is</h2>`}, nil},
		{"tables render", "|a|b|\n|-|-|\n|1|2|", []string{"<table>", "<td>1</td>"}, nil},
		{"raw script is dropped", "hi <script>alert(1)</script>", []string{"hi"}, []string{"<script"}},
		{"javascript links lose their href", "[x](javascript:alert(1))", []string{"<p>x</p>"}, []string{"javascript:"}},
		{"event handlers are stripped", `<img src=x onerror=alert(1)>`, nil, []string{"onerror"}},
		{"data URLs are refused", "![a](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:text/html"}},
		{"links keep their target", "[MRI review](/mri-review)", []string{`href="/mri-review"`}, nil},
		{"quotes are curled", `"spine"`, []string{"“spine”"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.HTML(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.src, got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(string(got), n) {
					t.Errorf("HTML(%q) = %q, want no %q", tt.src, got, n)
				}
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"emphasis and links lose their syntax", "Read **this** [guide](/x).", "Read this guide."},
		{"blocks are separated by newlines", "## Title\n\nOne\ntwo.\n\n- a\n- b", "Title\nOne two.\na\nb"},
		{"raw HTML is dropped", "a <b>bold</b> <!-- note --> z", "a bold z"},
		{"code blocks keep their text", "```\nx := 1\n```", "x := 1"},
		{"images keep their description", "![Lumbar spine model](/m.jpg)", "Lumbar spine model"},
		{"empty input is empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, PlainText(tt.src)); diff != "" {
				t.Errorf("PlainText(%q) (-want +got):\n%s", tt.src, diff)
			}
		})
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct {
		name, src string
		max       int
		want      string
	}{
		{"short text is whole", "Back pain is common.", 100, "Back pain is common."},
		{"long text is cut at a word", "Back pain is very common in adults.", 20, "Back pain is very…"},
		{"runes are not split", "Ünïcödé wörds everywhere here", 10, "Ünïcödé…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt(tt.src, tt.max); got != tt.want {
				t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.src, tt.max, got, tt.want)
			}
		})
	}
}

func TestWords(t *testing.T) {
	if got := Words("# Title\n\nOne *two* three."); got != 4 {
		t.Errorf("Words = %d, want 4", got)
	}
}

func FuzzHTML(f *testing.F) {
	for _, s := range []string{"# x", "<script>x</script>", "[a](javascript:b)", "| a |\n|-|", "<img src=x onerror=y>", "```\n<b>\n```"} {
		f.Add(s)
	}
	r := New()
	f.Fuzz(func(t *testing.T, src string) {
		got, err := r.HTML(src)
		if err != nil {
			t.Fatal(err)
		}
		if bad := unsafeMarkup(string(got)); bad != "" {
			t.Fatalf("HTML(%q) has %s: %s", src, bad, got)
		}
		_ = PlainText(src)
	})
}

// unsafeMarkup parses s as an HTML fragment and describes the first thing in
// it that could run script, or returns "".
func unsafeMarkup(s string) string {
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return "unparsable HTML"
	}
	var walk func(*html.Node) string
	walk = func(n *html.Node) string {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "iframe", "object", "embed", "style":
				return "a <" + n.Data + "> element"
			}
			for _, a := range n.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:text") {
					return "attribute " + a.Key + "=" + a.Val
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if bad := walk(c); bad != "" {
				return bad
			}
		}
		return ""
	}
	for _, n := range nodes {
		if bad := walk(n); bad != "" {
			return bad
		}
	}
	return ""
}

func TestLibraryImagesGetASrcSet(t *testing.T) {
	r := NewWithImages(func(src string) (ImageSet, bool) {
		if src != "/media/ab12-960.jpg" {
			return ImageSet{}, false
		}
		return ImageSet{SrcSet: "/media/ab12-480.jpg 480w, /media/ab12-960.jpg 960w", Width: 960, Height: 640}, true
	})
	got, err := r.HTML("![A spine model](/media/ab12-960.jpg)\n\n![Elsewhere](https://example.com/x.jpg)")
	if err != nil {
		t.Fatal(err)
	}
	want := `<p><img src="/media/ab12-960.jpg" alt="A spine model" srcset="/media/ab12-480.jpg 480w, /media/ab12-960.jpg 960w" sizes="(max-width: 960px) 100vw, 960px" width="960" height="640" loading="lazy"></p>` + "\n" +
		`<p><img src="https://example.com/x.jpg" alt="Elsewhere"></p>` + "\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
