package outcomes

import (
	"cmp"
	"slices"
)

// AllTreatments is the name of the figures that cover every treatment
// together; their Series has the treatment slug "".
const AllTreatments = "All treatments"

// root is the node of all treatments together.
const root = 0

type node struct {
	slug, name string
	parent     int // -1 for the root
	depth      int
	children   []int
}

// tree holds the treatments as the figures group them: every treatment
// under its category, every top-level treatment under the root.
type tree struct {
	nodes  []node // the root, then the treatments in the order given
	bySlug map[string]int
	order  []int // depth first from the root, children in the order given
	// col numbers the figures (node*numTimes + time point) for the audit:
	// the deepest treatments first, so that eliminating them keeps rows short.
	col, cellOfCol []int
}

func newTree(ts []Treatment) (*tree, error) {
	t := &tree{nodes: []node{{name: AllTreatments, parent: -1}}, bySlug: map[string]int{}}
	for _, tr := range ts {
		switch {
		case tr.Slug == "" || len(tr.Slug) > MaxIDLen:
			return nil, invalid("a treatment slug must have 1 to %d bytes", MaxIDLen)
		case len(tr.Name) > MaxNameLen:
			return nil, invalid("the name of treatment %q is longer than %d bytes", tr.Slug, MaxNameLen)
		case t.bySlug[tr.Slug] != 0:
			return nil, invalid("treatment %q is listed twice", tr.Slug)
		}
		name := tr.Name
		if name == "" {
			name = tr.Slug
		}
		t.bySlug[tr.Slug] = len(t.nodes)
		t.nodes = append(t.nodes, node{slug: tr.Slug, name: name})
	}
	if err := t.link(ts); err != nil {
		return nil, err
	}
	t.walk(root)
	t.number()
	return t, nil
}

// link sets each treatment's parent and depth and refuses unknown
// categories, loops and nesting deeper than MaxDepth.
func (t *tree) link(ts []Treatment) error {
	for i, tr := range ts {
		parent, ok := root, true
		if tr.Parent != "" {
			parent, ok = t.bySlug[tr.Parent]
		}
		if !ok {
			return invalid("treatment %q names an unknown category %q", tr.Slug, tr.Parent)
		}
		t.nodes[i+1].parent = parent
	}
	for n := 1; n < len(t.nodes); n++ {
		depth := 0
		for p := n; p != root; p = t.nodes[p].parent {
			if depth++; depth > MaxDepth {
				return invalid("treatment %q is nested more than %d levels deep, or its categories form a loop", t.nodes[n].slug, MaxDepth)
			}
		}
		t.nodes[n].depth = depth
		parent := t.nodes[n].parent
		t.nodes[parent].children = append(t.nodes[parent].children, n)
	}
	return nil
}

func (t *tree) walk(n int) {
	t.order = append(t.order, n)
	for _, c := range t.nodes[n].children {
		t.walk(c)
	}
}

func (t *tree) number() {
	nodes := make([]int, len(t.nodes))
	for i := range nodes {
		nodes[i] = i
	}
	slices.SortStableFunc(nodes, func(a, b int) int { return cmp.Compare(t.nodes[b].depth, t.nodes[a].depth) })
	t.col = make([]int, len(t.nodes)*numTimes)
	t.cellOfCol = make([]int, 0, len(t.col))
	for _, n := range nodes {
		for tp := range numTimes {
			t.col[n*numTimes+tp] = len(t.cellOfCol)
			t.cellOfCol = append(t.cellOfCol, n*numTimes+tp)
		}
	}
}

// leaf reports whether n has no treatments below it.
func (t *tree) leaf(n int) bool { return len(t.nodes[n].children) == 0 }
