package wordpress

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// inline renders n as inline Markdown. A line break is "\n"; a block met
// inside inline content is set off by "\n\n", which paragraph turns into
// a paragraph break.
func (w *writer) inline(n *html.Node) string {
	switch n.Type {
	case html.TextNode:
		return escapeText(collapse(n.Data))
	case html.ElementNode:
	default:
		return ""
	}
	if w.depth++; w.depth > maxNesting {
		w.depth--
		w.b.problem("deeply nested HTML", "kept as plain text")
		return escapeText(plain(renderHTML(n)))
	}
	defer func() { w.depth-- }()
	switch n.DataAtom {
	case atom.Br:
		return "\n"
	case atom.Img:
		return w.image(n)
	case atom.A:
		return w.link(n)
	case atom.Em, atom.I, atom.Cite, atom.Dfn, atom.Var:
		return wrap("*", w.inlines(n))
	case atom.Strong, atom.B:
		return wrap("**", w.inlines(n))
	case atom.Del, atom.S, atom.Strike:
		return wrap("~~", w.inlines(n))
	case atom.Code, atom.Kbd, atom.Samp, atom.Tt:
		return codeSpan(textOf(n))
	case atom.Q:
		return `"` + w.inlines(n) + `"`
	case atom.Iframe:
		return w.iframe(n)
	case atom.Video, atom.Audio:
		return w.player(n)
	case atom.Script, atom.Style, atom.Noscript, atom.Object, atom.Embed, atom.Svg, atom.Canvas, atom.Math, atom.Template:
		w.b.problem("<"+n.Data+">", "left out: only text, links and images are imported")
		return ""
	case atom.Input, atom.Button, atom.Select, atom.Textarea:
		w.b.problem("a form", "forms are not imported; the site has its own")
		return ""
	}
	if isBlock(n) {
		return "\n\n" + strings.Join(w.block(n), "\n\n") + "\n\n"
	}
	return w.inlines(n)
}

// inlines renders the children of n.
func (w *writer) inlines(n *html.Node) string {
	var b strings.Builder
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		b.WriteString(w.inline(ch))
	}
	return b.String()
}

// wrap puts emphasis marks around s, outside its leading and trailing
// space, which Markdown would not accept inside them.
func wrap(mark, s string) string {
	t := strings.Trim(s, " \n")
	if t == "" || strings.Contains(t, "\n\n") || strings.HasPrefix(t, mark) && strings.HasSuffix(t, mark) {
		return s
	}
	lead := s[:strings.Index(s, t)]
	trail := s[len(lead)+len(t):]
	return lead + mark + t + mark + trail
}

// codeSpan renders text as inline code, with a fence longer than any run
// of backticks inside.
func codeSpan(s string) string {
	s = collapse(s)
	if strings.TrimSpace(s) == "" {
		return ""
	}
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		s = " " + s + " "
	}
	return fence + s + fence
}

func (w *writer) image(n *html.Node) string {
	src := strings.TrimSpace(attr(n, "src"))
	if src == "" || strings.HasPrefix(src, "data:") {
		src = strings.TrimSpace(attr(n, "data-src")) // lazy-loading plugins
	}
	if src == "" || strings.HasPrefix(src, "data:") {
		w.b.problem("an image without an address", "left out")
		return ""
	}
	alt := strings.TrimSpace(collapse(attr(n, "alt")))
	if a := w.b.c.media.find(src); a != nil && alt == "" {
		alt = a.Alt
	}
	return "![" + escapeText(alt) + "](" + escapeURL(w.b.src(src, "image")) + ")"
}

func (w *writer) link(n *html.Node) string {
	href := strings.TrimSpace(attr(n, "href"))
	text := w.inlines(n)
	if img := soleImage(n); img != nil && w.b.c.media.linksToMedia(href) {
		return text // "link to media file" or to the attachment page: the image is enough
	}
	lower := strings.ToLower(href)
	switch {
	case href == "":
		return text
	case strings.HasPrefix(lower, "javascript:") || strings.HasPrefix(lower, "data:") || strings.HasPrefix(lower, "vbscript:"):
		w.b.problem("a link that runs a script", "the link is left out; its text is kept")
		return text
	}
	t := strings.Trim(text, " \n")
	if t == "" || strings.Contains(t, "\n\n") {
		return text
	}
	lead := text[:strings.Index(text, t)]
	trail := text[len(lead)+len(t):]
	return lead + "[" + t + "](" + escapeURL(w.b.href(href)) + ")" + trail
}

// soleImage returns the image that is all a link holds, or nil.
func soleImage(n *html.Node) *html.Node {
	var img *html.Node
	for d := range n.Descendants() {
		switch {
		case d.Type == html.ElementNode && d.DataAtom == atom.Img && img == nil:
			img = d
		case d.Type == html.ElementNode && d.DataAtom == atom.Img:
			return nil
		case d.Type == html.TextNode && strings.TrimSpace(d.Data) != "":
			return nil
		}
	}
	return img
}

// iframe renders a YouTube or Vimeo player as a link to the video, and any
// other frame as a link to what it showed, reported.
func (w *writer) iframe(n *html.Node) string {
	src := strings.TrimSpace(attr(n, "src"))
	if v := videoLink(src); v != "" {
		return v
	}
	h := host(src)
	if h == "" || !(strings.HasPrefix(src, "https://") || strings.HasPrefix(src, "http://")) {
		w.b.problem("<iframe>", "left out: it has no web address")
		return ""
	}
	w.b.problem("<iframe> from "+h, "the site does not show other sites' pages inside its own; kept as a link")
	title := strings.TrimSpace(attr(n, "title"))
	if title == "" {
		title = "Embedded content from " + h
	}
	return "[" + escapeText(title) + "](" + escapeURL(src) + ")"
}

// player renders <video> and <audio> as a link to the file.
func (w *writer) player(n *html.Node) string {
	src := strings.TrimSpace(attr(n, "src"))
	for d := range n.Descendants() {
		if src == "" && d.DataAtom == atom.Source {
			src = strings.TrimSpace(attr(d, "src"))
		}
	}
	if v := videoLink(src); v != "" {
		return v
	}
	kind := "Video"
	if n.DataAtom == atom.Audio {
		kind = "Audio"
	}
	if src == "" {
		w.b.problem("<"+n.Data+">", "left out: it has no file")
		return ""
	}
	w.b.problem("<"+n.Data+"> player", "shown as a link to the file")
	return "[" + kind + "](" + escapeURL(w.b.src(src, strings.ToLower(kind))) + ")"
}

// embed renders a URL that stood alone in a paragraph, which WordPress
// would have shown as an embedded player or card, as a link.
func (w *writer) embed(u string) string {
	if v := videoLink(u); v != "" {
		return v
	}
	dest := w.b.href(u)
	return "[" + escapeText(dest) + "](" + escapeURL(dest) + ")"
}

var blockComment = regexp.MustCompile(`(?s)^\s*wp:([a-z0-9-]+(?:/[a-z0-9-]+)?)(\s.*)?/\s*$`)

// staticBlocks are self-closing blocks that need no content of their own.
var staticBlocks = map[string]bool{"more": true, "nextpage": true, "spacer": true, "separator": true}

// comment reports a self-closing block-editor comment: such a block is
// made by WordPress when the page is shown, so there is nothing to convert.
func (w *writer) comment(n *html.Node) {
	if n.Type != html.CommentNode || !strings.HasSuffix(strings.TrimSpace(n.Data), "/") {
		return
	}
	if m := blockComment.FindStringSubmatch(n.Data); m != nil && !staticBlocks[m[1]] {
		w.b.problem("block wp:"+m[1], "WordPress makes it when the page is shown; nothing to convert")
	}
}
