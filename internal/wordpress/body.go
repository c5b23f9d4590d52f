package wordpress

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
)

// bodyConv converts the content of one item to Markdown.
type bodyConv struct {
	c     *converter
	it    *Item
	owner string // "post/slug": who shows the media it finds
	used  map[*Attachment]bool

	unclosed map[string]bool // shortcodes with no closing tag left in the body
	depth    int             // of captions within captions
}

// body returns the item's content as Markdown: reusable blocks inlined,
// shortcodes expanded, classic-editor paragraphs made explicit, then the
// HTML converted, and the featured image first when the body lacks it.
func (c *converter) body(it *Item, owner string) string {
	b := &bodyConv{c: c, it: it, owner: owner, used: map[*Attachment]bool{}, unclosed: map[string]bool{}}
	src := strings.ReplaceAll(strings.ReplaceAll(it.Content, "\x00", ""), "\r\n", "\n")
	src = b.reusable(src, 0)
	classic := !strings.Contains(src, "<!-- wp:")
	src = b.shortcodes(src)
	if classic {
		src = autop(src)
	}
	doc, err := html.Parse(strings.NewReader("<!DOCTYPE html><html><body>" + src))
	if err != nil {
		c.problem(it, "its content", "the HTML nests too deeply to read; kept as plain text")
		return escapeText(plain(src))
	}
	w := &writer{b: b}
	md := join(w.blocks(findBody(doc)))
	return b.featured(md)
}

// findBody returns the <body> of a parsed document.
func findBody(doc *html.Node) *html.Node {
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "body" {
			return n
		}
	}
	return doc
}

func (b *bodyConv) problem(what, why string) { b.c.problem(b.it, what, why) }

var reusableRef = regexp.MustCompile(`<!--\s*wp:block\s+(\{[^}]*\})\s*/-->`)

// maxReusable bounds how deep reusable blocks may include each other.
const maxReusable = 4

// reusable replaces references to reusable blocks with their content.
func (b *bodyConv) reusable(src string, depth int) string {
	if !strings.Contains(src, "wp:block") {
		return src
	}
	return reusableRef.ReplaceAllStringFunc(src, func(m string) string {
		var ref struct{ Ref int }
		_ = json.Unmarshal([]byte(reusableRef.FindStringSubmatch(m)[1]), &ref)
		content, ok := b.c.site.Blocks[ref.Ref]
		switch {
		case !ok:
			b.problem(fmt.Sprintf("reusable block %d", ref.Ref), "it is not in the export; left out")
			return ""
		case depth >= maxReusable:
			b.problem(fmt.Sprintf("reusable block %d", ref.Ref), "reusable blocks include each other too deeply; left out")
			return ""
		}
		return b.reusable(content, depth+1)
	})
}

// featured puts the featured image first unless the body shows it.
func (b *bodyConv) featured(md string) string {
	id := b.it.metaInt("_thumbnail_id")
	if id == 0 {
		return md
	}
	a := b.c.media.byID[id]
	if a == nil {
		b.problem(fmt.Sprintf("featured image %d", id), "it is not in the export; left out")
		return md
	}
	if b.used[a] {
		return md
	}
	if a.URL == "" {
		b.problem(fmt.Sprintf("featured image %d", id), "it has no address; left out")
		return md
	}
	alt := a.Alt
	if alt == "" {
		alt = a.Title
	}
	img := "![" + escapeText(alt) + "](" + escapeURL(b.src(a.URL, "featured image")) + ")"
	return join([]string{img, md})
}

// src returns the address to show a media file at: its address in the
// media library, or the old one, reported, when it was not imported.
func (b *bodyConv) src(raw, what string) string {
	raw = strings.TrimSpace(raw)
	a := b.c.media.find(raw)
	if a == nil {
		if h := host(raw); h != "" && what == "image" && !b.c.media.ours(raw) {
			b.problem("image from "+h, "kept, but the site's content security policy shows only images it serves itself")
		}
		return raw
	}
	a.use(b.owner)
	b.used[a] = true
	if a.NewURL != "" {
		return a.NewURL
	}
	name := a.Path
	if name == "" {
		name = raw
	}
	b.problem(what+" "+name, "it is not in the media library; the old address is kept")
	return raw
}

// href returns where a link should point on the new site: media through
// the media library, the site's own pages at their new paths, other
// sites unchanged.
func (b *bodyConv) href(raw string) string {
	raw = strings.TrimSpace(raw)
	m := b.c.media
	if !m.ours(raw) {
		return raw
	}
	if uploadsPath(raw) != "" {
		return b.src(raw, "file")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	frag := ""
	if u.Fragment != "" {
		frag = "#" + u.EscapedFragment()
	}
	q := u.Query()
	for _, k := range []string{"p", "page_id"} {
		if id, err := strconv.Atoi(q.Get(k)); err == nil {
			if p := b.c.byID[id]; p != nil {
				return p.newPath + frag
			}
		}
	}
	if u.Host != "" && u.Path == "" {
		u.Path = "/"
	}
	switch {
	case !strings.HasPrefix(u.Path, "/"):
		return raw
	case b.c.moved[trimSlash(u.Path)] != "":
		return b.c.moved[trimSlash(u.Path)] + frag
	}
	u.Scheme, u.Host, u.User = "", "", nil
	return u.String()
}
