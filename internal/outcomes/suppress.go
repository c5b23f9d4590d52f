package outcomes

import (
	"cmp"
	"encoding/binary"
	"slices"
)

// suppress sets the status of every cell of one instrument: first the
// primary rule (fewer than MinPatients people), then complementary
// suppression until the audit finds nothing to work out.
func suppress(t *tree, cells []cell, groups []group, pc *peopleCounter) {
	st := make([]Status, len(cells))
	for i, c := range cells {
		switch {
		case c.people == 0:
			st[i] = Empty
		case c.people < MinPatients:
			st[i] = Small
		default:
			st[i] = Shown
		}
	}
	// Each round withholds at least one more figure, so this ends, at the
	// latest with every figure withheld.
	for {
		v := auditClasses(classes(t, st, groups, pc))
		if v.deficiency == 0 {
			break
		}
		withhold(st, choose(t, cells, st, v))
	}
	restore(t, cells, st, groups, pc)
	for i := range cells {
		cells[i].status = st[i]
	}
}

// withhold withholds cell c; a treatment's follow-ups are shown only with
// its baseline, so withholding a baseline withholds them too.
func withhold(st []Status, c int) {
	st[c] = Withheld
	if c%numTimes != int(Baseline) {
		return
	}
	for i := c + 1; i < c+numTimes; i++ {
		if st[i] == Shown {
			st[i] = Withheld
		}
	}
}

// choose picks the next figure to withhold: the most preferred of those
// the audit found in a combination that isolates small classes. Figures
// withheld on the way that turn out not to be needed are published again
// by restore.
func choose(t *tree, cells []cell, st []Status, v verdict) int {
	best := -1
	for _, col := range v.involved {
		if c := t.cellOfCol[col]; st[c] == Shown && (best < 0 || preference(t, cells, c, best) < 0) {
			best = c
		}
	}
	for c, s := range st { // not reached: the audit names published figures
		if best < 0 && s == Shown {
			best = c
		}
	}
	return best
}

// restore publishes again, one at a time and most valuable first, every
// withheld figure that the audit finds safe to add back: choosing one
// figure at a time can withhold a figure that a later choice made
// unnecessary.
func restore(t *tree, cells []cell, st []Status, groups []group, pc *peopleCounter) {
	var withheld []int
	for c, s := range st {
		if s == Withheld {
			withheld = append(withheld, c)
		}
	}
	slices.SortFunc(withheld, func(a, b int) int { return preference(t, cells, b, a) })
	for _, c := range withheld {
		base := c - c%numTimes
		if st[base] != Shown && c != base {
			continue
		}
		st[c] = Shown
		if auditClasses(classes(t, st, groups, pc)).deficiency != 0 {
			st[c] = Withheld
		}
	}
}

// preference orders the figures to withhold: totals of several treatments
// before a single treatment's (the treatment pages matter most),
// follow-ups before baselines (a baseline takes its follow-ups with it),
// smaller groups before larger, later time points before earlier.
func preference(t *tree, cells []cell, a, b int) int {
	na, nb := a/numTimes, b/numTimes
	ta, tb := a%numTimes, b%numTimes
	return cmp.Or(
		cmp.Compare(boolInt(t.leaf(na)), boolInt(t.leaf(nb))),
		cmp.Compare(boolInt(ta == int(Baseline)), boolInt(tb == int(Baseline))),
		cmp.Compare(cells[a].people, cells[b].people),
		cmp.Compare(tb, ta),
		cmp.Compare(a, b),
	)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// class is a set of patients counted in exactly the same published
// figures, which no combination of the figures can tell apart.
type class struct {
	cols   []int // the figures, as audit columns in ascending order
	people int
}

// classes groups the patients by the published figures they are counted
// in. Patients counted in none are left out: nothing published covers
// them.
func classes(t *tree, st []Status, groups []group, pc *peopleCounter) []class {
	byKey := map[string]int{}
	var out []class
	var members [][]int
	var key []byte
	for gi, g := range groups {
		cols := footprint(t, st, g)
		if len(cols) == 0 {
			continue
		}
		key = key[:0]
		for _, c := range cols {
			key = binary.AppendUvarint(key, uint64(c))
		}
		i, ok := byKey[string(key)]
		if !ok {
			i = len(out)
			byKey[string(key)] = i
			out = append(out, class{cols: cols})
			members = append(members, nil)
		}
		members[i] = append(members[i], gi)
	}
	for i := range out {
		out[i].people = pc.count(groups, members[i])
	}
	return out
}

// footprint lists the published figures that count group g's patients.
func footprint(t *tree, st []Status, g group) []int {
	var cols []int
	for n := g.node; n >= 0; n = t.nodes[n].parent {
		for tp := range numTimes {
			if c := n*numTimes + tp; g.pattern&(1<<tp) != 0 && st[c] == Shown {
				cols = append(cols, t.col[c])
			}
		}
	}
	slices.Sort(cols)
	return cols
}
