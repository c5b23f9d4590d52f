// Package markdown turns the Markdown that editors write into HTML that is
// safe to put on a page, and into plain text for search and descriptions.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Renderer renders Markdown to sanitised HTML. It is safe for concurrent use.
type Renderer struct {
	md     goldmark.Markdown
	policy *bluemonday.Policy
}

// New returns a Renderer for GitHub-flavoured Markdown with heading ids.
// Raw HTML in the source is dropped by the parser, and whatever HTML comes
// out is passed through a allow-list sanitiser as a second line of defence.
func New() *Renderer { return NewWithImages(nil) }

// ImageSet describes the sizes of an image of the media library, so that
// an image in the text gets a srcset the browser chooses from.
type ImageSet struct {
	SrcSet        string // "/media/ab12-480.jpg 480w, /media/ab12-960.jpg 960w"
	Width, Height int    // of the largest size, so the page does not jump as it loads
}

// NewWithImages is New with images looked up by their src: those images
// found get srcset, sizes, width, height and lazy loading.
func NewWithImages(images func(src string) (ImageSet, bool)) *Renderer {
	opts := []goldmark.Option{
		goldmark.WithExtensions(extension.GFM, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	}
	if images != nil {
		opts = append(opts, goldmark.WithParserOptions(parser.WithASTTransformers(
			util.Prioritized(imageSets{images}, 500))))
	}
	md := goldmark.New(opts...)
	p := bluemonday.UGCPolicy()
	p.AllowAttrs("id").Matching(bluemonday.SpaceSeparatedTokens).OnElements("h1", "h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("loading").Matching(bluemonday.SpaceSeparatedTokens).OnElements("img")
	p.AllowAttrs("srcset").Matching(mediaSrcSet).OnElements("img")
	p.AllowAttrs("sizes").Matching(regexp.MustCompile(`^\(max-width: [0-9]+px\) 100vw, [0-9]+px$`)).OnElements("img")
	p.RequireNoReferrerOnLinks(false)
	return &Renderer{md: md, policy: p}
}

// HTML renders src. The result is safe to insert into a page as is.
func (r *Renderer) HTML(src string) (template.HTML, error) {
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf); err != nil {
		return "", fmt.Errorf("markdown: render: %w", err)
	}
	return template.HTML(r.policy.SanitizeBytes(buf.Bytes())), nil
}

// PlainText returns the words of src without Markdown syntax: the text of
// paragraphs, headings, list items, links and image descriptions,
// separated by single spaces or newlines between blocks.
func PlainText(src string) string {
	source := []byte(src)
	doc := goldmark.DefaultParser().Parse(text.NewReader(source))
	var b strings.Builder
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.Text:
			if entering {
				b.Write(n.Segment.Value(source))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(n.Value)
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			if entering {
				writeLines(&b, n, source)
			}
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		}
		if !entering && n.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte('\n')
		}
		return ast.WalkContinue, nil
	})
	return squeeze(b.String())
}

// writeLines writes the raw lines of a code block, or the text of a code
// span's children.
func writeLines(b *strings.Builder, n ast.Node, source []byte) {
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(source))
	}
}

// squeeze collapses runs of spaces and of blank lines.
func squeeze(s string) string {
	var b strings.Builder
	space, newline := false, false
	for _, r := range s {
		switch {
		case r == '\n':
			newline = true
		case unicode.IsSpace(r):
			space = true
		default:
			if newline && b.Len() > 0 {
				b.WriteByte('\n')
			} else if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space, newline = false, false
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Words counts the words of src's plain text.
func Words(src string) int {
	return len(strings.Fields(PlainText(src)))
}

// Excerpt returns the first max runes of src's plain text on one line,
// cut at a word boundary and ending in "…" when cut.
func Excerpt(src string, max int) string {
	s := strings.Join(strings.Fields(PlainText(src)), " ")
	r := []rune(s)
	if len(r) <= max {
		return s
	}
	cut := string(r[:max])
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// mediaSrcSet is the only srcset the sanitiser lets through: the media
// library's own URLs with their widths.
var mediaSrcSet = regexp.MustCompile(`^/media/[0-9a-f]+-[0-9]+\.(jpg|png) [0-9]+w(, /media/[0-9a-f]+-[0-9]+\.(jpg|png) [0-9]+w)*$`)

// imageSets adds the attributes of responsive images to the images whose
// src the lookup knows.
type imageSets struct {
	lookup func(src string) (ImageSet, bool)
}

func (t imageSets) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		img, ok := n.(*ast.Image)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		set, ok := t.lookup(string(img.Destination))
		if !ok {
			return ast.WalkContinue, nil
		}
		img.SetAttributeString("srcset", []byte(set.SrcSet))
		img.SetAttributeString("sizes", []byte(fmt.Sprintf("(max-width: %dpx) 100vw, %dpx", set.Width, set.Width)))
		img.SetAttributeString("width", []byte(strconv.Itoa(set.Width)))
		img.SetAttributeString("height", []byte(strconv.Itoa(set.Height)))
		img.SetAttributeString("loading", []byte("lazy"))
		return ast.WalkContinue, nil
	})
}
