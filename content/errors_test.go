package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"clinic"

	"github.com/google/go-cmp/cmp"
)

// baseTree is a small valid content tree that the cases below add a file to.
func baseTree() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"site.md":                 file("---\nclinic_name: Clinic\n---\n"),
		"doctors/dr-a.md":         file("---\nname: Ana\nlocations: [kent]\n---\nBio.\n"),
		"categories/news.md":      file("---\nname: News\n---\n"),
		"treatments/spine.md":     file("---\ntitle: Spine\n---\nIntro.\n"),
		"treatments/fusion.md":    file("---\ntitle: Fusion\nparent: spine\nkind: procedure\n---\n"),
		"locations/kent.md":       file("---\ncity: Kent\nname: Kent clinic\n---\n"),
		"posts/other.md":          file("---\ntitle: Other\nauthor: dr-a\ncategory: news\nstatus: draft\n---\n"),
		"pages/notes.txt":         file("not content"),
		"publications/.keep":      file(""),
		"videos/sub.md/ignore.md": file("a folder named like a file is skipped"),
	}
}

func TestReadReportsTheFileAndLineOfAMistake(t *testing.T) {
	const post = "---\ntitle: A post\nauthor: dr-a\ncategory: news\nstatus: published\n---\nBody.\n"
	tests := []struct {
		name, path, data string
		line             int
		says             string
	}{
		{"a file without front matter", "posts/p.md", "title: x\n", 1, "no front matter"},
		{"an empty file", "posts/p.md", "", 1, "no front matter"},
		{"front matter that is never closed", "posts/p.md", "---\ntitle: x\n", 1, "not closed"},
		{"bad YAML", "posts/p.md", "---\ntitle: x\nauthor: dr-a\n  bad: indent\n---\n", 4, "mapping values are not allowed"},
		{"an unclosed YAML list", "posts/p.md", "---\ntitle: x\ntags: [a, b\nstatus: draft\n---\n", 3, "did not find expected"},
		{"front matter that is a list", "posts/p.md", "---\n- a\n---\n", 2, "want keys and values"},
		{"an unknown key", "posts/p.md", strings.Replace(post, "title:", "titel:", 1), 2, `unknown key "titel"`},
		{"a key given twice", "posts/p.md", strings.Replace(post, "status:", "title: Again\nstatus:", 1), 5, `key "title" repeats the one on line 2`},
		{"a word where a number belongs", "treatments/t.md", "---\ntitle: T\nparent: spine\nkind: therapy\norder: two\n---\n", 5, `order: want a whole number, not "two"`},
		{"a list where a text belongs", "pages/p.md", "---\ntitle:\n  - a\n---\n", 3, "title: want text, not a list"},
		{"a number where a list belongs", "locations/l.md", "---\ncity: C\nname: N\nhours: 5\n---\n", 4, `hours: want a list, not "5"`},
		{"a text where hours belong", "locations/l.md", "---\ncity: C\nname: N\nhours:\n  - 9 to 5\n---\n", 5, `hours: want keys and values, not "9 to 5"`},
		{"a list where a number belongs", "locations/l.md", "---\ncity: C\nname: N\nlatitude: [1]\n---\n", 4, "latitude: want a number, not a list"},
		{"a second YAML document", "pages/p.md", "---\ntitle: T\n...\nfoo: x\n---\n", 4, "did not find expected <document start>"},
		{"a YAML tag", "pages/p.md", "---\ntitle: !!binary aGVsbG8=\n---\n", 2, "YAML tag !!binary is not allowed"},
		{"an upper-case file name", "posts/Upper.md", post, 1, `file name "Upper.md" is not a slug`},
		{"a file name with a space", "posts/a b.md", post, 1, `file name "a b.md" is not a slug`},
		{"a status that does not exist", "posts/p.md", strings.Replace(post, "status: published", "status: live", 1), 5, `status "live" is not one of draft, scheduled, published`},
		{"a scheduled post without a time", "posts/p.md", strings.Replace(post, "status: published", "status: scheduled", 1), 5, "needs the time"},
		{"a time that is not one", "posts/p.md", strings.Replace(post, "---\nBody", "published: 2024-13-01\n---\nBody", 1), 6, `published: "2024-13-01" is not a time`},
		{"a time without its offset", "posts/p.md", strings.Replace(post, "---\nBody", "published: 2024-03-05T09:00:00\n---\nBody", 1), 6, "is not a time"},
		{"a duration that is not Go syntax", "videos/v.md", "---\nquestion: Q?\nvideo_url: https://example.com/v\nduration: 3 minutes\n---\n", 4, `duration: "3 minutes" is not a duration`},
		{"a missing title", "posts/p.md", strings.Replace(post, "title: A post\n", "", 1), 1, `"title" is required`},
		{"an empty title", "posts/p.md", strings.Replace(post, "title: A post", "title: ''", 1), 2, `"title" is required`},
		{"a post whose author is not a doctor", "posts/p.md", strings.Replace(post, "author: dr-a", "author: dr-nobody", 1), 3, `author: no doctor "dr-nobody"`},
		{"a post in a category that does not exist", "posts/p.md", strings.Replace(post, "category: news", "category: gossip", 1), 4, `category: no category "gossip"`},
		{"a post whose author is not a slug", "posts/p.md", strings.Replace(post, "author: dr-a", "author: Dr A", 1), 3, "is not a slug"},
		{"a tag twice", "posts/p.md", strings.Replace(post, "---\nBody", "tags: [Back pain, back-pain]\n---\nBody", 1), 6, `tags lists "back-pain" twice`},
		{"a treatment under a missing category", "treatments/t.md", "---\ntitle: T\nparent: neck\nkind: therapy\n---\n", 3, `parent: no treatment category "neck"`},
		{"a treatment under a procedure", "treatments/t.md", "---\ntitle: T\nparent: fusion\nkind: therapy\n---\n", 3, `no treatment category "fusion"`},
		{"a treatment of no kind", "treatments/t.md", "---\ntitle: T\nparent: spine\n---\n", 1, `kind "" is not one of procedure, therapy`},
		{"a related treatment that does not exist", "treatments/t.md", "---\ntitle: T\nparent: spine\nkind: therapy\nrelated:\n  - fusion\n  - nope\n---\n", 5, `related: no treatment "nope"`},
		{"a doctor at a missing location", "doctors/dr-b.md", "---\nname: B\nlocations: [kent, tacoma]\n---\n", 3, `locations: no location "tacoma"`},
		{"a doctor with a missing treatment", "doctors/dr-b.md", "---\nname: B\ntreatments: [fusion, x]\n---\n", 3, `treatments: no treatment "x"`},
		{"hours with an unknown key", "locations/l.md", "---\ncity: C\nname: N\nhours:\n  - {days: Mo-Fr, opens: \"08:00\", closes: \"17:00\"}\n  - days: Sa\n    open: \"09:00\"\n---\n", 7, `hours: unknown key "open"`},
		{"hours that close before they open", "locations/l.md", "---\ncity: C\nname: N\nhours:\n  - {days: Mo-Fr, opens: \"08:00\", closes: \"17:00\"}\n  - {days: Sa, opens: \"13:00\", closes: \"09:00\"}\n---\n", 6, `hours: "13:00" to "09:00"`},
		{"hours on a day that does not exist", "locations/l.md", "---\ncity: C\nname: N\nhours:\n  - {days: Mo-Fri, opens: \"08:00\", closes: \"17:00\"}\n---\n", 5, `days "Mo-Fri"`},
		{"a latitude off the globe", "locations/l.md", "---\ncity: C\nname: N\nlatitude: 91\n---\n", 4, "latitude 91 is not between -90 and 90"},
		{"a video link that is a script", "videos/v.md", "---\nquestion: Q?\nvideo_url: javascript:alert(1)\n---\n", 3, "is not an http or https URL"},
		{"a publication of an unknown kind", "publications/p.md", "---\nkind: book\ntitle: T\n---\n", 2, `kind "book" is not one of award, publication, presentation`},
		{"a category with a body", "categories/c.md", "---\nname: C\n---\n\nText.\n", 5, "no body"},
		{"a redirect from a full URL", "redirects.md", "---\nredirects:\n  - {from: /a, to: /b}\n  - {from: https://x.example/a, to: /b}\n---\n", 4, `from "https://x.example/a" is not a path`},
		{"a redirect to another host without a scheme", "redirects.md", "---\nredirects:\n  - {from: /a, to: //evil.example/}\n---\n", 3, "neither a path nor"},
		{"a path redirected twice", "redirects.md", "---\nredirects:\n  - {from: /a, to: /b}\n  - {from: /c, to: /d}\n  - {from: /a, to: /e}\n---\n", 5, `from "/a" repeats the one on line 3`},
		{"a site without a name", "site.md", "---\ntagline: T\n---\n", 1, `"clinic_name" is required`},
		{"invalid UTF-8", "posts/p.md", strings.Replace(post, "Body.", "Line one.\nBad \xff byte.", 1), 8, "invalid UTF-8"},
		{"invalid UTF-8 after a byte order mark", "posts/p.md", "\uFEFF---\ntitle: \xc3\n---\n", 2, "invalid UTF-8"},
		{"a control character", "posts/p.md", strings.Replace(post, "title: A post", "title: A\x07post", 1), 2, "character U+0007 is not allowed"},
		{"a lone carriage return", "posts/p.md", strings.Replace(post, "Body.", "Body.\rMore.", 1), 7, "character U+000D is not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseTree()
			fsys[tt.path] = &fstest.MapFile{Data: []byte(tt.data)}
			b, err := Read(fsys)
			if err == nil {
				t.Fatalf("Read succeeded with %d posts, want an error", len(b.Posts))
			}
			if kind := clinic.ErrorKind(err); kind != clinic.EInvalid {
				t.Errorf("error kind = %s, want %s (%v)", kind, clinic.EInvalid, err)
			}
			msg := clinic.ErrorMessage(err)
			prefix := fmt.Sprintf("%s:%d: ", tt.path, tt.line)
			if !strings.HasPrefix(msg, prefix) || !strings.Contains(msg, tt.says) {
				t.Errorf("error = %q, want it to start with %q and say %q", msg, prefix, tt.says)
			}
		})
	}
}

func TestReadAcceptsWhatEditorsWrite(t *testing.T) {
	want := &clinic.Post{Slug: "p", Title: "A post", Author: "dr-a", Category: "news",
		Tags: []string{"Back pain"}, Status: clinic.StatusPublished,
		PublishedAt: time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC),
		Body:        "First line.\n\nSecond paragraph."}
	const post = "---\ntitle: A post\nauthor: dr-a\ncategory: news\ntags: [Back pain]\nstatus: published\npublished: 2024-03-05\n---\nFirst line.\n\nSecond paragraph.\n"
	tests := []struct {
		name, data string
	}{
		{"Unix line endings", post},
		{"Windows line endings", strings.ReplaceAll(post, "\n", "\r\n")},
		{"a byte order mark", "\uFEFF" + post},
		{"a byte order mark and Windows line endings", "\uFEFF" + strings.ReplaceAll(post, "\n", "\r\n")},
		{"trailing blank lines and spaces", post + "  \n\n\t\n"},
		{"spaces after the delimiters", strings.ReplaceAll(post, "---\n", "---  \n")},
		{"no newline at the end", strings.TrimSuffix(post, "\n")},
		{"comments and quoted values", "---\n# A comment\ntitle: \"A post\"\nauthor: 'dr-a'\ncategory: news # the category\ntags:\n  - Back pain\nstatus: published\npublished: \"2024-03-05\"\n---\nFirst line.\n\nSecond paragraph.\n"},
		{"a time in UTC", strings.Replace(post, "2024-03-05", "2024-03-05T00:00:00Z", 1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := baseTree()
			fsys["posts/p.md"] = &fstest.MapFile{Data: []byte(tt.data)}
			b, err := Read(fsys)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(b.Posts, func(p *clinic.Post) bool { return p.Slug == "p" })
			if i < 0 {
				t.Fatalf("no post p among %d", len(b.Posts))
			}
			if diff := cmp.Diff(want, b.Posts[i]); diff != "" {
				t.Errorf("post mismatch (-want +got):\n%s", diff)
			}
		})
	}
}

func TestReadSortsByOrderThenSlug(t *testing.T) {
	fsys := baseTree()
	for name, order := range map[string]int{"b": 1, "a": 2, "c": 1, "d": 0} {
		fsys["locations/"+name+".md"] = &fstest.MapFile{Data: fmt.Appendf(nil, "---\ncity: C\nname: N\norder: %d\n---\n", order)}
	}
	b, err := Read(fsys)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, l := range b.Locations {
		got = append(got, l.Slug)
	}
	want := []string{"d", "kent", "b", "c", "a"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("order mismatch (-want +got):\n%s", diff)
	}
}

func TestReadOfAnEmptyTreeIsAnEmptyBundle(t *testing.T) {
	b, err := Read(fstest.MapFS{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&clinic.Bundle{}, b); diff != "" {
		t.Errorf("bundle mismatch (-want +got):\n%s", diff)
	}
}
