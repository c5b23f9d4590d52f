package outcomes

// The audit decides whether any combination of published figures adds up
// to patients of small classes only. Each class is a row of zeros and
// ones over the figures (a one where the figure counts the class). A
// combination of figures with weights w is zero on a class exactly when
// the class's row times w is zero. The figures are safe when every w that
// is zero on all large classes (MinPatients or more people) is also zero
// on the small ones, that is when every small row is a linear combination
// of the large rows: rank(all rows) = rank(large rows).
//
// The ranks are computed exactly, by fraction-free Gaussian elimination on
// sparse integer rows kept in reduced row echelon form. Rows stay short:
// a class's row has at most four figures per level of the treatment tree,
// and the columns are numbered deepest treatment first.

import "math"

// verdict is the audit's answer.
type verdict struct {
	// deficiency is rank(all rows) - rank(large rows): zero when the
	// figures are safe.
	deficiency int
	// involved lists the columns of one combination of figures that is
	// zero on every large class but not on some small class.
	involved []int
}

type term struct {
	col int
	v   int64
}

// row is a sparse integer row, ordered by column.
type row []term

func (r row) at(col int) int64 {
	for _, t := range r {
		if t.col == col {
			return t.v
		}
	}
	return 0
}

// basis is a set of rows in reduced row echelon form: each row's first
// term is its pivot, and no other row has a term in a pivot's column.
type basis struct {
	rows  []row
	pivot map[int]int // column -> index of the row with its pivot there
	// overflow is set when numbers grew past exact arithmetic; the audit
	// then reports the figures unsafe, which only withholds more.
	overflow bool
}

func auditClasses(classes []class) verdict {
	b := basis{pivot: map[int]int{}}
	for _, c := range classes {
		if c.people >= MinPatients {
			b.insert(classRow(c))
		}
	}
	var v verdict
	for _, c := range classes {
		if c.people >= MinPatients {
			continue
		}
		r := b.reduce(classRow(c))
		if len(r) == 0 && !b.overflow {
			continue
		}
		if v.deficiency == 0 {
			v.involved = b.involved(r, c)
		}
		v.deficiency++
		b.insert(r)
	}
	return v
}

func classRow(c class) row {
	r := make(row, len(c.cols))
	for i, col := range c.cols {
		r[i] = term{col, 1}
	}
	return r
}

// involved returns the columns of a combination of figures that is zero
// on the rows of b (the large classes) and not on residual r: r's first
// column f, which is not a pivot, with weight 1, and the pivot of every
// row that has a term in f. After an overflow it returns class c's own
// figures, any of which may be withheld.
func (b *basis) involved(r row, c class) []int {
	if b.overflow || len(r) == 0 {
		return c.cols
	}
	f := r[0].col
	cols := []int{f}
	for _, q := range b.rows {
		if q.at(f) != 0 {
			cols = append(cols, q[0].col)
		}
	}
	return cols
}

// reduce eliminates every pivot column of b from r.
func (b *basis) reduce(r row) row {
	for i := 0; i < len(r) && !b.overflow; {
		p, ok := b.pivot[r[i].col]
		if !ok {
			i++
			continue
		}
		q := b.rows[p]
		r = b.combine(r, q[0].v, q, r[i].v)
		i = 0
	}
	return r
}

// insert adds r to b unless it is a combination of b's rows, and reports
// whether it did.
func (b *basis) insert(r row) bool {
	r = b.reduce(r)
	if len(r) == 0 || b.overflow {
		return false
	}
	c := r[0].col
	for i, q := range b.rows {
		if v := q.at(c); v != 0 {
			b.rows[i] = b.combine(q, r[0].v, r, v)
		}
	}
	b.pivot[c] = len(b.rows)
	b.rows = append(b.rows, r)
	return true
}

// combine returns a·x - c·y divided by the greatest common divisor of its
// terms, with a positive first term.
func (b *basis) combine(x row, a int64, y row, c int64) row {
	const limit = 1 << 30 // products stay below 2^61
	if abs(a) > limit || abs(c) > limit {
		b.overflow = true
		return nil
	}
	out := make(row, 0, len(x)+len(y))
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		var t term
		switch {
		case j == len(y) || (i < len(x) && x[i].col < y[j].col):
			t = term{x[i].col, a * x[i].v}
			i++
		case i == len(x) || y[j].col < x[i].col:
			t = term{y[j].col, -c * y[j].v}
			j++
		default:
			t = term{x[i].col, a*x[i].v - c*y[j].v}
			i, j = i+1, j+1
		}
		if t.v != 0 {
			if abs(t.v) > limit*limit {
				b.overflow = true
				return nil
			}
			out = append(out, t)
		}
	}
	return normalize(out, b)
}

func normalize(r row, b *basis) row {
	if len(r) == 0 {
		return r
	}
	g := int64(0)
	for _, t := range r {
		g = gcd(g, abs(t.v))
	}
	if r[0].v < 0 {
		g = -g
	}
	for i := range r {
		r[i].v /= g
	}
	for _, t := range r {
		if abs(t.v) > 1<<30 {
			b.overflow = true
		}
	}
	return r
}

func gcd(a, b int64) int64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

func abs(x int64) int64 {
	if x < 0 {
		if x == math.MinInt64 {
			return math.MaxInt64
		}
		return -x
	}
	return x
}
