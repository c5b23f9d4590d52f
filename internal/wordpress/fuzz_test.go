package wordpress

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"clinic"
	"clinic/internal/markdown"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var readError = regexp.MustCompile(`^wordpress: read: invalid: line [1-9][0-9]*: `)

// FuzzRead reads any bytes as an export and converts what it reads: an
// error is an invalid-input error naming a line, and what converts is
// content the store would take, the same every time.
func FuzzRead(f *testing.F) {
	f.Add([]byte(clinicSite().String()))
	f.Add([]byte(minimal("1.2")))
	f.Add([]byte(strings.Replace(minimal("1.0"), "<title>Post</title>", "<title>Post</title><wp:status>future</wp:status><wp:post_name>%e6%97%a5</wp:post_name>", 1)))
	f.Add([]byte("<rss><channel><wp:wxr_version>1.2</wp:wxr_version></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := Read(strings.NewReader(string(data)))
		if err != nil {
			if !readError.MatchString(err.Error()) || clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("Read error %q does not name a line", err)
			}
			return
		}
		r, err := Convert(s, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		checkBundle(t, r.Bundle)
		again, err := Convert(s, testOptions())
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(r, again, cmpopts.IgnoreUnexported(Attachment{})); diff != "" {
			t.Fatalf("second Convert differs (-first +second):\n%s", diff)
		}
	})
}

// FuzzBody converts any content as the body of a post.
func FuzzBody(f *testing.F) {
	for _, s := range []string{acupunctureContent, pilatesContent, "[caption]<img src=x>[/caption]", "<ul><li><ol><li>x</ol></ul>",
		"<table><tr><td>a|b</td></tr></table>", "<pre>```</pre>", "a_b *c* [d](e) <!-- wp:block {\"ref\":300} /-->"} {
		f.Add(s)
	}
	md := markdown.New()
	f.Fuzz(func(t *testing.T, content string) {
		body, _ := convertBody(t, content)
		if _, err := md.HTML(body); err != nil {
			t.Fatalf("Markdown of %q does not render: %v", content, err)
		}
	})
}

// checkBundle checks what the store checks on import.
func checkBundle(t *testing.T, b *clinic.Bundle) {
	t.Helper()
	seen := map[string]bool{}
	key := func(kind, slug string) {
		if !clinic.ValidSlug(slug) || seen[kind+slug] {
			t.Fatalf("%s slug %q is not a slug or appears twice", kind, slug)
		}
		seen[kind+slug] = true
	}
	for _, p := range b.Pages {
		key("page", p.Slug)
	}
	for _, c := range b.Categories {
		key("category", c.Slug)
	}
	for _, p := range b.Posts {
		key("post", p.Slug)
		if !seen["category"+p.Category] || p.Author == "" {
			t.Fatalf("post %q has category %q and author %q", p.Slug, p.Category, p.Author)
		}
		tags := map[string]bool{}
		for _, name := range p.Tags {
			if s := clinic.Slugify(name); s == "" || tags[s] {
				t.Fatalf("post %q: tag %q is empty or twice", p.Slug, name)
			}
			tags[clinic.Slugify(name)] = true
		}
	}
	for _, r := range b.Redirects {
		if !strings.HasPrefix(r.From, "/") || r.To == "" || seen["redirect"+r.From] {
			t.Fatalf("redirect %q → %q", r.From, r.To)
		}
		seen["redirect"+r.From] = true
	}
}

// bigExport is an export of n posts, half written with the block editor
// and half with the classic editor, with their media and terms.
func bigExport(n int) *wxr {
	x := clinicSite()
	x.items = x.items[:0]
	x.items = append(x.items, attachment(100, 0, "Spine model", "2020/06/spine-model.jpg", "Model", "1024x683"),
		attachment(103, 0, "Pilates class", "2021/03/pilates-class-scaled.jpg", "Class", "300x200"),
		attachment(104, 0, "Desk posture", "2022/01/desk-posture.png", ""))
	for i := range n {
		it := acupuncturePost()
		if i%2 == 1 {
			it = pilatesPost()
		}
		it.id, it.name = 1000+i, fmt.Sprintf("%s-%d", it.name, i)
		it.link = fmt.Sprintf("%s/2024/01/02/%s/", siteURL, it.name)
		x.items = append(x.items, it)
	}
	return x
}

func BenchmarkReadConvert(b *testing.B) {
	doc := bigExport(1000).String()
	b.SetBytes(int64(len(doc)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := Read(strings.NewReader(doc))
		if err != nil {
			b.Fatal(err)
		}
		r, err := Convert(s, testOptions())
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Bundle.Posts) != 1000 {
			b.Fatalf("%d posts, want 1000", len(r.Bundle.Posts))
		}
	}
}
