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

// revisionRow is a revision in the list, with its status and what
// changed since the saved revision before it.
type revisionRow struct {
	*clinic.Revision
	Status  string // "published", "draft", "scheduled", "pending", "discarded" or "saved"
	Summary string
}

// revisionRows describes vs, which come pending first, then newest first.
// Each is compared with the newest saved revision older than it; the
// pending one with the newest saved revision or, when there is none, with
// stored, the item as it is now (nil when unknown).
func revisionRows(vs []*clinic.Revision, stored *clinic.Revision) []revisionRow {
	rows := make([]revisionRow, len(vs))
	for i, v := range vs {
		var prev *clinic.Revision
		for _, o := range vs {
			if o.State == clinic.RevisionSaved && o != v && (v.State == clinic.RevisionPending || o.ID < v.ID) {
				prev = o
				break
			}
		}
		if prev == nil && v.State == clinic.RevisionPending {
			prev = stored
		}
		rows[i] = revisionRow{Revision: v, Status: revisionStatus(v), Summary: revisionSummary(prev, v)}
	}
	return rows
}

// revisionStatus is what the list says a revision is: a post's status
// when it was saved, or its state when it is not a saved one.
func revisionStatus(v *clinic.Revision) string {
	switch {
	case v.State != clinic.RevisionSaved && v.State != "":
		return v.State
	case v.Kind == "post":
		if p, err := v.Post(); err == nil {
			return p.Status
		}
	}
	return "saved"
}

// revisionSummary says in one line what changed from prev to v.
func revisionSummary(prev, v *clinic.Revision) string {
	if v.Kind == "post" {
		b, err := v.Post()
		if err != nil {
			return ""
		}
		var a *clinic.Post
		if prev != nil {
			if a, err = prev.Post(); err != nil {
				return ""
			}
		}
		return clinic.PostChanges(a, b)
	}
	if prev == nil {
		return "first version"
	}
	return fileChanges(revisionText(prev), revisionText(v))
}

// fileChanges says what changed between two content files: the front
// matter keys whose values differ, then the body's paragraphs.
func fileChanges(a, b string) string {
	ma, keysA, bodyA := splitContentFile(a)
	mb, keysB, bodyB := splitContentFile(b)
	var parts []string
	seen := map[string]bool{}
	for _, k := range append(keysB, keysA...) {
		if !seen[k] && ma[k] != mb[k] {
			parts = append(parts, k+" changed")
		}
		seen[k] = true
	}
	if s := clinic.TextChanges(bodyA, bodyB); s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		return "no changes"
	}
	return strings.Join(parts, "; ")
}

// splitContentFile splits a content file into its front matter, as the
// text of each top-level key in order, and its body. A file without front
// matter is all body.
func splitContentFile(text string) (map[string]string, []string, string) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return nil, nil, text
	}
	meta, body, ok := strings.Cut(rest, "\n---\n")
	if !ok {
		return nil, nil, text
	}
	values, keys := map[string]string{}, []string(nil)
	key := ""
	for _, line := range strings.Split(meta, "\n") {
		if k, _, found := strings.Cut(line, ":"); found && line != "" && line[0] != ' ' && line[0] != '-' && line[0] != '#' {
			key = k
			keys = append(keys, k)
		}
		values[key] += line + "\n"
	}
	return values, keys, body
}
