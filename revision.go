package clinic

import (
	"slices"
	"strconv"
	"strings"
)

// PostChanges says in one line what changed from post a to post b, for
// the list of revisions: "title changed; 3 paragraphs edited; tags:
// +sciatica". A nil a is the first version.
func PostChanges(a, b *Post) string {
	if a == nil {
		return "first version"
	}
	var parts []string
	for _, f := range []struct {
		name string
		a, b string
	}{
		{"title", a.Title, b.Title}, {"address", a.Slug, b.Slug}, {"description", a.Description, b.Description},
		{"author", a.Author, b.Author}, {"category", a.Category, b.Category},
	} {
		if f.a != f.b {
			parts = append(parts, f.name+" changed")
		}
	}
	if a.Status != b.Status {
		parts = append(parts, "status: "+a.Status+" → "+b.Status)
	}
	if !a.PublishedAt.Equal(b.PublishedAt) && a.Status == b.Status {
		parts = append(parts, "publish time changed")
	}
	if s := TextChanges(a.Body, b.Body); s != "" {
		parts = append(parts, s)
	}
	if s := tagChanges(a.Tags, b.Tags); s != "" {
		parts = append(parts, s)
	}
	return joinChanges(parts)
}

// joinChanges joins the parts of a summary, or says there were none.
func joinChanges(parts []string) string {
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, "; ")
}

// tagChanges lists the tags b adds to a and removes from it: "tags:
// +sciatica, −posture", or "tags reordered", or "" when they are the same.
func tagChanges(a, b []string) string {
	var d []string
	for _, t := range b {
		if !slices.Contains(a, t) {
			d = append(d, "+"+t)
		}
	}
	for _, t := range a {
		if !slices.Contains(b, t) {
			d = append(d, "−"+t)
		}
	}
	switch {
	case len(d) > 0:
		return "tags: " + strings.Join(d, ", ")
	case !slices.Equal(a, b):
		return "tags reordered"
	}
	return ""
}

// TextChanges says how the paragraphs of Markdown text b differ from
// those of a: "3 paragraphs edited, 1 added", or "" when they are equal.
func TextChanges(a, b string) string {
	edited, added, removed := ParagraphChanges(a, b)
	var parts []string
	for _, c := range []struct {
		n    int
		verb string
	}{{edited, "edited"}, {added, "added"}, {removed, "removed"}} {
		if c.n == 0 {
			continue
		}
		if len(parts) == 0 {
			parts = append(parts, count(c.n, "paragraph")+" "+c.verb)
		} else {
			parts = append(parts, strconv.Itoa(c.n)+" "+c.verb)
		}
	}
	return strings.Join(parts, ", ")
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// Paragraphs splits Markdown text at blank lines, each paragraph trimmed
// of surrounding white space.
func Paragraphs(text string) []string {
	var ps []string
	var cur []string
	flush := func() {
		if len(cur) > 0 {
			ps = append(ps, strings.TrimSpace(strings.Join(cur, "\n")))
			cur = nil
		}
	}
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		cur = append(cur, line)
	}
	flush()
	return ps
}

// maxParagraphGrid bounds the work of aligning two texts' paragraphs:
// past it, the differing middle counts as replaced whole.
const maxParagraphGrid = 1 << 20

// ParagraphChanges counts the paragraphs of b that were edited, added and
// removed relative to a. Paragraphs are aligned on a longest common
// subsequence; between two aligned ones, as many removed and added
// paragraphs as pair up count as edited, the rest as removed or added.
func ParagraphChanges(a, b string) (edited, added, removed int) {
	pa, pb := Paragraphs(a), Paragraphs(b)
	for len(pa) > 0 && len(pb) > 0 && pa[0] == pb[0] {
		pa, pb = pa[1:], pb[1:]
	}
	for len(pa) > 0 && len(pb) > 0 && pa[len(pa)-1] == pb[len(pb)-1] {
		pa, pb = pa[:len(pa)-1], pb[:len(pb)-1]
	}
	if (len(pa)+1)*(len(pb)+1) > maxParagraphGrid {
		return tally(len(pa), len(pb), 0, 0, 0)
	}
	dels, ins := 0, 0
	for _, op := range alignParagraphs(pa, pb) {
		switch op {
		case '-':
			dels++
		case '+':
			ins++
		default:
			edited, added, removed = tally(dels, ins, edited, added, removed)
			dels, ins = 0, 0
		}
	}
	return tally(dels, ins, edited, added, removed)
}

// tally adds a run of dels removed and ins added paragraphs to the counts,
// pairing them as edits first.
func tally(dels, ins, edited, added, removed int) (int, int, int) {
	e := min(dels, ins)
	return edited + e, added + ins - e, removed + dels - e
}

// alignParagraphs returns the edit script from a to b: '=' for a kept
// paragraph, '-' for one removed from a, '+' for one added from b.
func alignParagraphs(a, b []string) []byte {
	n, m := len(a), len(b)
	// lcs[i][j] is the length of the longest common subsequence of a[i:]
	// and b[j:], in one flat slice.
	lcs := make([]int32, (n+1)*(m+1))
	at := func(i, j int) int { return i*(m+1) + j }
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[at(i, j)] = lcs[at(i+1, j+1)] + 1
			} else {
				lcs[at(i, j)] = max(lcs[at(i+1, j)], lcs[at(i, j+1)])
			}
		}
	}
	ops := make([]byte, 0, n+m)
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			ops = append(ops, '=')
			i, j = i+1, j+1
		case lcs[at(i+1, j)] >= lcs[at(i, j+1)]:
			ops = append(ops, '-')
			i++
		default:
			ops = append(ops, '+')
			j++
		}
	}
	for ; i < n; i++ {
		ops = append(ops, '-')
	}
	for ; j < m; j++ {
		ops = append(ops, '+')
	}
	return ops
}
