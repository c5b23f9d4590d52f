package outcomes

import (
	"cmp"
	"encoding/binary"
	"slices"
)

// suppressor decides the status of every figure of one instrument.
type suppressor struct {
	t       *tree
	cells   []cell
	groups  []group
	pc      *peopleCounter
	st      []Status
	subtree [][]int // per node, the groups of it and of the treatments below it
}

// suppress sets the status of every cell of one instrument: the primary
// rule (fewer than MinPatients people), then complementary suppression
// until the audit finds nothing to work out: first of each treatment's
// own figures over time, which is cheap and settles most cases, then of
// all figures together.
func suppress(t *tree, cells []cell, groups []group, pc *peopleCounter) {
	s := &suppressor{t: t, cells: cells, groups: groups, pc: pc, st: make([]Status, len(cells)),
		subtree: make([][]int, len(t.nodes))}
	for i, c := range cells {
		switch {
		case c.people == 0:
			s.st[i] = Empty
		case c.people < MinPatients:
			s.st[i] = Small
		default:
			s.st[i] = Shown
		}
	}
	for gi, g := range groups {
		for n := g.node; n >= 0; n = t.nodes[n].parent {
			s.subtree[n] = append(s.subtree[n], gi)
		}
	}
	for n := range t.nodes {
		s.settle(n)
	}
	local := slices.Clone(s.st)
	s.settle(-1)
	s.restore(local)
	for i := range cells {
		cells[i].status = s.st[i]
	}
}

// settle withholds figures until the audit finds nothing to work out: from
// node n's own figures alone, or from all figures when n is -1. Each round
// withholds at least one more figure, so this ends, at the latest with
// every figure withheld. A leak among one treatment's own figures is a
// leak of all figures too, and only withholding one of the treatment's
// own closes it, so settling those first withholds nothing the whole audit
// could have kept, but for the choice among them.
func (s *suppressor) settle(n int) {
	for {
		v := auditClasses(s.classes(n))
		if v.deficiency == 0 {
			return
		}
		withhold(s.st, s.choose(v))
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
func (s *suppressor) choose(v verdict) int {
	best := -1
	for _, col := range v.involved {
		if c := s.t.cellOfCol[col]; s.st[c] == Shown && (best < 0 || s.preference(c, best) < 0) {
			best = c
		}
	}
	for c, st := range s.st { // not reached: the audit names published figures
		if best < 0 && st == Shown {
			best = c
		}
	}
	return best
}

// restore publishes again, one at a time and most valuable first, every
// figure withheld by the whole audit (not by a treatment's own, where it
// was needed) that the audit finds safe to add back: choosing one figure
// at a time can withhold a figure that a later choice made unnecessary.
func (s *suppressor) restore(local []Status) {
	var withheld []int
	for c, st := range s.st {
		if st == Withheld && local[c] == Shown {
			withheld = append(withheld, c)
		}
	}
	slices.SortFunc(withheld, func(a, b int) int { return s.preference(b, a) })
	for _, c := range withheld {
		base := c - c%numTimes
		if s.st[base] != Shown && c != base {
			continue
		}
		s.st[c] = Shown
		if auditClasses(s.classes(-1)).deficiency != 0 {
			s.st[c] = Withheld
		}
	}
}

// preference orders the figures to withhold: totals of several treatments
// before a single treatment's (the treatment pages matter most),
// follow-ups before baselines (a baseline takes its follow-ups with it),
// smaller groups before larger, later time points before earlier.
func (s *suppressor) preference(a, b int) int {
	t, cells := s.t, s.cells
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
// in: node n's own figures, or all figures when n is -1. Patients counted
// in none are left out: nothing published covers them.
func (s *suppressor) classes(n int) []class {
	groups := s.subtree[max(n, root)]
	byKey := map[string]int{}
	var out []class
	var members [][]int
	var key []byte
	for _, gi := range groups {
		cols := s.footprint(s.groups[gi], n)
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
		out[i].people = s.pc.count(s.groups, members[i])
	}
	return out
}

// footprint lists the published figures that count group g's patients:
// node n's, or all when n is -1.
func (s *suppressor) footprint(g group, n int) []int {
	var cols []int
	for a := g.node; a >= 0; a = s.t.nodes[a].parent {
		if n >= 0 && a != n {
			continue
		}
		for tp := range numTimes {
			if c := a*numTimes + tp; g.pattern&(1<<tp) != 0 && s.st[c] == Shown {
				cols = append(cols, s.t.col[c])
			}
		}
	}
	slices.Sort(cols)
	return cols
}
