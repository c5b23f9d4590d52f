package wordpress

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// table renders a table as a GitHub-flavoured Markdown table, which the
// site's renderer draws as HTML. Its first row is the header, as GFM
// requires; a caption follows in italics.
func (w *writer) table(n *html.Node) []string {
	var rows [][]string
	var caption []string
	for _, ch := range children(n) {
		switch ch.DataAtom {
		case atom.Caption:
			caption = w.block(ch)
		case atom.Thead, atom.Tbody, atom.Tfoot:
			for _, tr := range children(ch) {
				if tr.DataAtom == atom.Tr {
					rows = append(rows, w.row(tr))
				}
			}
		case atom.Tr:
			rows = append(rows, w.row(ch))
		}
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return caption
	}
	lines := make([]string, 0, len(rows)+1)
	for i, r := range rows {
		for len(r) < cols {
			r = append(r, "")
		}
		lines = append(lines, "| "+strings.Join(r, " | ")+" |")
		if i == 0 {
			lines = append(lines, "|"+strings.Repeat(" --- |", cols))
		}
	}
	return append([]string{strings.Join(lines, "\n")}, caption...)
}

// row renders the cells of a table row on one line each, pipes escaped.
func (w *writer) row(tr *html.Node) []string {
	var cells []string
	for _, td := range children(tr) {
		if td.DataAtom != atom.Td && td.DataAtom != atom.Th {
			continue
		}
		text := strings.Join(w.blocks(td), " ")
		text = strings.ReplaceAll(text, "\\\n", " ")
		text = strings.ReplaceAll(text, "\n", " ")
		text = strings.ReplaceAll(strings.ReplaceAll(text, `\|`, "|"), "|", `\|`)
		cells = append(cells, strings.TrimSpace(text))
	}
	return cells
}
