package wordpress

import (
	"regexp"
	"strings"
)

// autop makes the paragraphs of classic-editor content explicit, as
// WordPress's wpautop does when it shows a post: text separated by blank
// lines becomes <p> elements and single line breaks become <br>. Chunks
// that start with a block-level tag are left as they are, and <pre>
// blocks are not touched.
func autop(s string) string {
	var pres []string
	s = preBlock.ReplaceAllStringFunc(s, func(m string) string {
		pres = append(pres, m)
		return "\x00"
	})
	s = blockOpen.ReplaceAllString(s, "\n\n$1")
	s = blockClose.ReplaceAllString(s, "$1\n\n")
	var out []string
	for _, chunk := range blankLines.Split(s, -1) {
		t := strings.TrimSpace(chunk)
		switch {
		case t == "":
		case t[0] == '\x00' || blockStart.MatchString(t):
			out = append(out, t)
		default:
			out = append(out, "<p>"+lineBreak.ReplaceAllString(t, "<br>\n")+"</p>")
		}
	}
	s = strings.Join(out, "\n\n")
	for _, p := range pres {
		s = strings.Replace(s, "\x00", p, 1)
	}
	return s
}

// allBlocks are the elements that wpautop keeps out of paragraphs.
const allBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	blockOpen  = regexp.MustCompile(`(?i)(<` + allBlocks + `[\s/>])`)
	blockClose = regexp.MustCompile(`(?i)(</` + allBlocks + `>)`)
	preBlock   = regexp.MustCompile(`(?is)<pre[\s>].*?</pre>`)
	blankLines = regexp.MustCompile(`\n[ \t]*\n\s*`)
	lineBreak  = regexp.MustCompile(`[ \t]*\n[ \t]*`)
	blockStart = regexp.MustCompile(`(?i)^(<!--|</|<(table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|math|style|script|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary|iframe|video|audio|object)[\s/>])`)
)
