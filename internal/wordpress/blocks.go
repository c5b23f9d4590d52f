package wordpress

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// writer turns parsed HTML into Markdown.
type writer struct {
	b     *bodyConv
	depth int
}

// maxNesting bounds how deep the HTML of a body may nest before what lies
// deeper is kept as plain text.
const maxNesting = 64

// blockElems are the elements that start a block of their own.
var blockElems = map[atom.Atom]bool{
	atom.P: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Ul: true, atom.Ol: true, atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Li: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Hr: true, atom.Figure: true,
	atom.Figcaption: true, atom.Div: true, atom.Section: true, atom.Article: true, atom.Header: true,
	atom.Footer: true, atom.Main: true, atom.Aside: true, atom.Nav: true, atom.Address: true,
	atom.Details: true, atom.Summary: true, atom.Center: true, atom.Form: true, atom.Fieldset: true,
	atom.Hgroup: true, atom.Caption: true,
}

func isBlock(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if n.DataAtom == atom.Cite && n.Parent != nil && n.Parent.DataAtom == atom.Blockquote {
		return true
	}
	return blockElems[n.DataAtom]
}

// blocks renders the children of n as Markdown blocks. Runs of inline
// content between blocks become paragraphs.
func (w *writer) blocks(n *html.Node) []string {
	if w.depth++; w.depth > maxNesting {
		w.depth--
		w.b.problem("deeply nested HTML", "kept as plain text")
		return []string{escapeText(plain(renderHTML(n)))}
	}
	defer func() { w.depth-- }()
	var run []*html.Node
	var blocks []string
	flush := func() {
		blocks = append(blocks, w.paragraph(run)...)
		run = nil
	}
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if !isBlock(ch) {
			w.comment(ch)
			run = append(run, ch)
			continue
		}
		flush()
		blocks = append(blocks, w.block(ch)...)
	}
	flush()
	return blocks
}

// block renders one block element.
func (w *writer) block(n *html.Node) []string {
	switch n.DataAtom {
	case atom.P, atom.Dd, atom.Address:
		return w.paragraph(children(n))
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return w.heading(n)
	case atom.Ul, atom.Ol:
		return []string{w.list(n)}
	case atom.Blockquote:
		return []string{quote(join(w.blocks(n)))}
	case atom.Pre:
		return []string{codeBlock(n)}
	case atom.Table:
		return w.table(n)
	case atom.Hr:
		return []string{"---"}
	case atom.Figcaption, atom.Caption:
		return emphasise(w.paragraph(children(n)))
	case atom.Dt, atom.Summary:
		return strongly(w.paragraph(children(n)))
	case atom.Cite:
		return prefix("— ", w.paragraph(children(n)))
	case atom.Form, atom.Fieldset:
		w.b.problem("a form", "forms are not imported; the site has its own")
		return nil
	}
	return w.blocks(n)
}

// children lists the child nodes of n.
func children(n *html.Node) []*html.Node {
	var cs []*html.Node
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		cs = append(cs, ch)
	}
	return cs
}

// paragraph renders a run of inline nodes: one paragraph, or several
// where two line breaks follow each other. A paragraph that is a lone
// URL is an embed, as WordPress would show it.
func (w *writer) paragraph(run []*html.Node) []string {
	if u := loneURL(run); u != "" {
		return []string{w.embed(u)}
	}
	var s strings.Builder
	for _, n := range run {
		s.WriteString(w.inline(n))
	}
	var out []string
	for _, para := range strings.Split(s.String(), "\n\n") {
		var lines []string
		for _, l := range strings.Split(para, "\n") {
			if l = strings.TrimSpace(collapse(l)); l != "" {
				lines = append(lines, escapeLineStart(l))
			}
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\\\n"))
		}
	}
	return out
}

// loneURL returns the URL that is all a run of nodes holds, as text or as
// a link whose text is its address, or "".
func loneURL(run []*html.Node) string {
	var text strings.Builder
	for _, n := range run {
		for d := range n.Descendants() {
			if d.Type == html.ElementNode && d.DataAtom != atom.A && d.DataAtom != atom.Br && d.DataAtom != atom.Span {
				return ""
			}
		}
		if n.Type == html.ElementNode && n.DataAtom != atom.A && n.DataAtom != atom.Br && n.DataAtom != atom.Span {
			return ""
		}
		text.WriteString(textOf(n))
	}
	u := strings.TrimSpace(text.String())
	if strings.ContainsAny(u, " \t\n") || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return ""
	}
	return u
}

// textOf returns the text of n and its descendants.
func textOf(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func (w *writer) heading(n *html.Node) []string {
	var s strings.Builder
	for _, ch := range children(n) {
		s.WriteString(w.inline(ch))
	}
	text := strings.TrimSpace(collapse(s.String()))
	if text == "" {
		return nil
	}
	level := int(n.Data[1] - '0')
	return []string{strings.Repeat("#", level) + " " + text}
}

// list renders <ul> or <ol>. Items are tight unless one holds two
// paragraphs; a nested list follows its item's text without a blank line.
func (w *writer) list(n *html.Node) string {
	num, _ := strconv.Atoi(attr(n, "start"))
	if num <= 0 || num > 1e8 {
		num = 1
	}
	var items [][]string
	loose := false
	for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
		if ch.Type == html.TextNode && strings.TrimSpace(ch.Data) == "" || ch.Type == html.CommentNode {
			continue
		}
		var blocks []string
		if ch.DataAtom == atom.Li {
			blocks = w.blocks(ch)
		} else {
			blocks = w.paragraph([]*html.Node{ch})
		}
		if len(blocks) == 0 && ch.DataAtom != atom.Li {
			continue
		}
		for i := 1; i < len(blocks); i++ {
			loose = loose || listMarker(blocks[i]) == ""
		}
		items = append(items, blocks)
	}
	var out []string
	for i, blocks := range items {
		marker := "- "
		if n.DataAtom == atom.Ol {
			marker = fmt.Sprintf("%d. ", num+i)
		}
		out = append(out, listItem(marker, blocks))
	}
	sep := "\n"
	if loose {
		sep = "\n\n"
	}
	return strings.Join(out, sep)
}

// listItem writes one item: the marker, its first block, and the others
// indented under it; a blank line before each paragraph after the first
// block, none before a nested list.
func listItem(marker string, blocks []string) string {
	indent := strings.Repeat(" ", len(marker))
	var s strings.Builder
	s.WriteString(strings.TrimRight(marker, " "))
	for i, b := range blocks {
		if i > 0 {
			s.WriteString("\n")
			if listMarker(b) == "" {
				s.WriteString("\n")
			}
		}
		for j, line := range strings.Split(b, "\n") {
			switch {
			case i == 0 && j == 0:
				s.WriteString(" " + line)
			case j > 0 && line == "":
				s.WriteString("\n")
			case j > 0:
				s.WriteString("\n" + indent + line)
			default:
				s.WriteString(indent + line)
			}
		}
	}
	return s.String()
}

// quote prefixes every line of md with "> ".
func quote(md string) string {
	if md == "" {
		return ""
	}
	lines := strings.Split(md, "\n")
	for i, l := range lines {
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

var languageClass = regexp.MustCompile(`(?:^|\s)(?:language|lang)-([A-Za-z0-9_+-]+)`)

// codeBlock renders <pre> as a fenced code block.
func codeBlock(n *html.Node) string {
	var b strings.Builder
	lang := ""
	for d := range n.Descendants() {
		switch {
		case d.Type == html.TextNode:
			b.WriteString(d.Data)
		case d.DataAtom == atom.Br:
			b.WriteString("\n")
		case d.DataAtom == atom.Code && lang == "":
			if m := languageClass.FindStringSubmatch(attr(d, "class")); m != nil {
				lang = m[1]
			}
		}
	}
	if m := languageClass.FindStringSubmatch(attr(n, "class")); m != nil && lang == "" {
		lang = m[1]
	}
	text := strings.Trim(b.String(), "\n")
	fence := "```"
	for strings.Contains(text, fence) {
		fence += "`"
	}
	return fence + lang + "\n" + text + "\n" + fence
}

// emphasise, strongly and prefix dress paragraphs: captions in italics,
// terms in bold, citations after a dash.
func emphasise(ps []string) []string { return dress(ps, "_", "_") }
func strongly(ps []string) []string  { return dress(ps, "**", "**") }
func prefix(p string, ps []string) []string {
	return dress(ps, p, "")
}

func dress(ps []string, before, after string) []string {
	for i, p := range ps {
		if !strings.HasPrefix(p, before) {
			ps[i] = before + p + after
		}
	}
	return ps
}

// attr returns the value of n's attribute key, or "".
func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// renderHTML returns the HTML of n.
func renderHTML(n *html.Node) string {
	var b strings.Builder
	_ = html.Render(&b, n)
	return b.String()
}
