package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// ftsVocab holds the words of the index of words as written, by their
// first letter, for one content version. Reading a range of fts5vocab
// reads the list of documents of every word in it, which costs
// milliseconds for a common letter of a large site, and searches ask for
// the same few letters again and again between content changes. Like the
// page cache, it is rebuilt when the version moves.
type ftsVocab struct {
	mu      sync.Mutex
	version int64
	byFirst map[rune][]siteWord // in the index's order, which is byte order
}

// starting returns the words of the site that begin with the letter r,
// with how many documents hold each.
func (v *ftsVocab) starting(ctx context.Context, db *sql.DB, r rune) ([]siteWord, error) {
	var version int64
	if err := db.QueryRowContext(ctx, `SELECT version FROM content_version WHERE id = 1`).Scan(&version); err != nil {
		return nil, err
	}
	v.mu.Lock()
	if v.version != version || v.byFirst == nil {
		v.version, v.byFirst = version, map[rune][]siteWord{}
	}
	words, ok := v.byFirst[r]
	v.mu.Unlock()
	if ok {
		return words, nil
	}
	first := string(r)
	words, err := queryRows(ctx, db, scanSiteWord,
		`SELECT term, doc FROM search_fts_vocab WHERE term >= $1 AND term < $2`, first, prefixEnd(first))
	if err != nil {
		return nil, err
	}
	v.mu.Lock()
	if v.version == version { // read at this version or later: a later one only adds a rereading
		v.byFirst[r] = words
	}
	v.mu.Unlock()
	return words, nil
}

// beginning returns the words of the site that begin with w, in order.
func (v *ftsVocab) beginning(ctx context.Context, db *sql.DB, w string) ([]siteWord, error) {
	r, _ := utf8.DecodeRuneInString(w)
	words, err := v.starting(ctx, db, r)
	if err != nil {
		return nil, err
	}
	from, _ := slices.BinarySearchFunc(words, w, func(s siteWord, w string) int { return strings.Compare(s.word, w) })
	to, _ := slices.BinarySearchFunc(words, prefixEnd(w), func(s siteWord, w string) int { return strings.Compare(s.word, w) })
	return words[from:to], nil
}

// beginnings returns, for each word from minPrefixLen letters, the
// words of the site that begin with it, itself included when the site
// holds it: those that most documents hold, at most maxBeginnings.
func (e ftsEngine) beginnings(ctx context.Context, db *sql.DB, words []string) ([][]string, error) {
	begins := make([][]string, len(words))
	for i, w := range words {
		if !isPrefixWord(w) {
			continue
		}
		found, err := e.vocab.beginning(ctx, db, w)
		if err != nil {
			return nil, err
		}
		found = slices.SortedStableFunc(slices.Values(found), func(a, b siteWord) int { return cmp.Compare(b.docs, a.docs) })
		for _, b := range found[:min(len(found), maxBeginnings)] {
			begins[i] = append(begins[i], b.word)
		}
	}
	return begins, nil
}

// knows looks for a word beginning with w in the index of words.
func (e ftsEngine) knows(ctx context.Context, db *sql.DB, w string) (bool, error) {
	found, err := e.vocab.beginning(ctx, db, w)
	return len(found) > 0, err
}

// near returns the words of a length near w's that begin with its first
// or its second letter: the candidates for a misspelling whose first
// letter is right, or swapped with the second, or one too many.
func (e ftsEngine) near(ctx context.Context, db *sql.DB, w string, edits int) ([]siteWord, error) {
	rs := []rune(w)
	letters := []rune{rs[0]}
	if len(rs) > 1 && rs[1] != rs[0] {
		letters = append(letters, rs[1])
	}
	var near []siteWord
	for _, r := range letters {
		words, err := e.vocab.starting(ctx, db, r)
		if err != nil {
			return nil, err
		}
		for _, c := range words {
			if n := utf8.RuneCountInString(c.word); n >= len(rs)-edits && n <= len(rs)+edits {
				near = append(near, c)
			}
		}
	}
	return near, nil
}
