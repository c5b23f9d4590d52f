package web

import (
	"encoding/json"
	"sort"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"clinic"
	"clinic/content"
)

// diffRow is one line of a side-by-side comparison. A line only on the
// left was removed, only on the right was added.
type diffRow struct {
	LeftNum, RightNum int // 0 where the side has no line
	Left, Right       string
	Kind              string // "same", "del", "ins" or "change"
}

// revisionText is a revision as the text an editor compares: a post's
// fields and body, or a content item's file.
func revisionText(v *clinic.Revision) string {
	if v.Kind == "post" {
		return postText(v)
	}
	var b clinic.Bundle
	if err := json.Unmarshal([]byte(v.Data), &b); err != nil {
		return v.Data
	}
	files, err := content.Files(&b)
	if err != nil {
		return v.Data
	}
	var texts []string
	for _, f := range files {
		texts = append(texts, string(f))
	}
	sort.Strings(texts)
	return strings.Join(texts, "\n")
}

// postText is a post as the lines an editor recognises.
func postText(v *clinic.Revision) string {
	var p clinic.Post
	if err := json.Unmarshal([]byte(v.Data), &p); err != nil {
		return v.Data
	}
	var b strings.Builder
	for _, f := range [][2]string{{"Title", p.Title}, {"Address", "/blog/" + p.Slug}, {"Description", p.Description},
		{"Author", p.Author}, {"Category", p.Category}, {"Tags", strings.Join(p.Tags, ", ")}, {"Status", p.Status}} {
		b.WriteString(f[0] + ": " + f[1] + "\n")
	}
	b.WriteString("\n" + p.Body)
	return b.String()
}

// diffLines lines up a and b: runs of removed and added lines are paired
// into changed rows, the rest shown once on each side.
func diffLines(a, b string) []diffRow {
	dmp := diffmatchpatch.New()
	ca, cb, lines := dmp.DiffLinesToChars(a, b)
	diffs := dmp.DiffCharsToLines(dmp.DiffMain(ca, cb, false), lines)
	var rows []diffRow
	ln, rn := 0, 0
	var dels, inss []string
	flush := func() {
		for i := 0; i < len(dels) || i < len(inss); i++ {
			row := diffRow{Kind: "change"}
			if i < len(dels) {
				ln++
				row.LeftNum, row.Left = ln, dels[i]
			} else {
				row.Kind = "ins"
			}
			if i < len(inss) {
				rn++
				row.RightNum, row.Right = rn, inss[i]
			} else {
				row.Kind = "del"
			}
			rows = append(rows, row)
		}
		dels, inss = nil, nil
	}
	for _, d := range diffs {
		ls := splitLines(d.Text)
		switch d.Type {
		case diffmatchpatch.DiffDelete:
			dels = append(dels, ls...)
		case diffmatchpatch.DiffInsert:
			inss = append(inss, ls...)
		default:
			flush()
			for _, l := range ls {
				ln++
				rn++
				rows = append(rows, diffRow{LeftNum: ln, RightNum: rn, Left: l, Right: l, Kind: "same"})
			}
		}
	}
	flush()
	return rows
}

func splitLines(s string) []string {
	s = strings.TrimSuffix(s, "\n")
	if s == "" {
		return []string{""}
	}
	return strings.Split(s, "\n")
}
