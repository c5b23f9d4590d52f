package store

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// fewResults is how many results a search must find not to look for a
// better spelling of its words.
const fewResults = 3

// siteWord is a word of the site's content and how many documents hold
// it, where the dialect knows; 0 where it does not.
type siteWord struct {
	word string
	docs int
}

func scanSiteWord(s scanner) (siteWord, error) {
	var w siteWord
	return w, s.Scan(&w.word, &w.docs)
}

// suggest returns the words of q with each word the site does not know
// replaced by the closest word it does, joined by spaces, when that query
// finds more than found results; "" otherwise. A word is known when some
// word of the site begins with it, and words too short to correct stay as
// they are. Checking what the suggestion finds keeps words that only
// drafts or scheduled posts hold from being suggested.
func (db *DB) suggest(ctx context.Context, q searchQuery, found int) (string, error) {
	better, changed := slices.Clone(q.words), false
	for i, w := range q.words {
		edits := maxEdits(w)
		if edits == 0 {
			continue
		}
		known, err := db.d.search.knows(ctx, db.read, w)
		if err != nil {
			return "", err
		}
		if known {
			continue
		}
		cands, err := db.d.search.near(ctx, db.read, w, edits)
		if err != nil {
			return "", err
		}
		if c, ok := closest(w, cands); ok {
			better[i], changed = c, true
		}
	}
	if !changed {
		return "", nil
	}
	_, n, err := db.d.search.page(ctx, db.read, searchQuery{words: better, now: q.now, limit: 1})
	if err != nil || n <= found {
		return "", err
	}
	return strings.Join(better, " "), nil
}

// maxEdits is how many edits away from a word of the site a word may be
// to be taken for a misspelling of it: none below four letters, where one
// edit more often makes another word than a typo, one up to six, two from
// seven.
func maxEdits(w string) int {
	switch n := utf8.RuneCountInString(w); {
	case n < 4:
		return 0
	case n < 7:
		return 1
	}
	return 2
}

// closest returns the word of cands nearest to w within maxEdits(w);
// among words as many edits away, the one sharing more of w's trigrams,
// then the one more documents hold, then the first in order. It leaves
// out numbers and words of fewer than three letters.
func closest(w string, cands []siteWord) (string, bool) {
	limit, rw, tw := maxEdits(w), []rune(w), trigrams(w)
	type scored struct {
		siteWord
		dist int
		sim  float64
	}
	best := scored{dist: limit + 1}
	for _, c := range cands {
		if c.word == w || utf8.RuneCountInString(c.word) < 3 || !strings.ContainsFunc(c.word, unicode.IsLetter) {
			continue
		}
		s := scored{siteWord: c, dist: editDistance(rw, []rune(c.word), limit)}
		if s.dist > limit {
			continue
		}
		s.sim = similarity(tw, trigrams(c.word))
		if cmp.Or(cmp.Compare(s.dist, best.dist), cmp.Compare(best.sim, s.sim),
			cmp.Compare(best.docs, s.docs), strings.Compare(s.word, best.word)) < 0 {
			best = s
		}
	}
	return best.word, best.dist <= limit
}

// trigrams returns the set of three-rune runs of w padded as pg_trgm pads
// a word: two spaces before, one after.
func trigrams(w string) map[string]bool {
	rs := []rune("  " + w + " ")
	set := make(map[string]bool, len(rs))
	for i := 0; i+3 <= len(rs); i++ {
		set[string(rs[i:i+3])] = true
	}
	return set
}

// similarity is the share of trigrams two sets have in common, as
// pg_trgm's similarity(): shared over all.
func similarity(a, b map[string]bool) float64 {
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	return float64(shared) / float64(len(a)+len(b)-shared)
}

// editDistance returns the optimal string alignment distance between a
// and b: the fewest insertions, deletions, substitutions and swaps of two
// neighbouring letters that make one the other, no letter edited twice
// (the restricted Damerau-Levenshtein distance). Above limit it returns
// limit+1 as soon as that is certain.
func editDistance(a, b []rune, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	// Rows i-2, i-1 and i of the table of distances between a[:i] and b[:j].
	prev2, prev, cur := make([]int, len(b)+1), make([]int, len(b)+1), make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[len(b)], limit+1)
}

func abs(n int) int { return max(n, -n) }

// prefixEnd returns the least string above every string that begins with
// p, p not empty, so that [p, prefixEnd(p)) is the range of words that
// begin with p: p with its last rune increased by one, past the
// surrogates, which are not runes of UTF-8 text.
func prefixEnd(p string) string {
	r, size := utf8.DecodeLastRuneInString(p)
	next := r + 1
	if next >= 0xD800 && next < 0xE000 {
		next = 0xE000
	}
	if next > unicode.MaxRune {
		return p + string(unicode.MaxRune) // no letter ends at the last rune
	}
	return p[:len(p)-size] + string(next)
}

// nearByLettersArgs are the arguments of tsNearSQL for a word w that may
// be edits away from the word meant: the range of words that begin with
// its first letter, the range of those that begin with its second (empty
// when the two are the same letter), and the shortest and longest length.
func nearByLettersArgs(w string, edits int) []any {
	rs := []rune(w)
	first, second := string(rs[0]), string(rs[0])
	if len(rs) > 1 && rs[1] != rs[0] {
		second = string(rs[1])
	}
	lo, hi := second, prefixEnd(second)
	if second == first {
		lo, hi = "", ""
	}
	return []any{first, prefixEnd(first), lo, hi, max(len(rs)-edits, 1), len(rs) + edits}
}
