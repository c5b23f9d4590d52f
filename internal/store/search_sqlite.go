package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"clinic"
)

// ftsMatch makes an FTS5 query that requires every word, whole or, from
// minPrefixLen letters, as the start of a longer word: ("sciatic" OR
// "sciatic"*). A whole word matches both phrases and so ranks above a
// word it only begins. Each word is a quoted string, so that FTS5's
// operators, prefixes and column filters in the input mean nothing. (A
// column filter to keep words away from fts_kind would cost more than it
// saves: no query word is like "kindpost", and the column weighs nothing
// in the rank.)
func ftsMatch(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		quoted := `"` + w + `"`
		terms[i] = quoted
		if isPrefixWord(w) {
			terms[i] = "(" + quoted + " OR " + quoted + "*)"
		}
	}
	return strings.Join(terms, " AND ")
}

// The two halves of an FTS5 search: posts, and everything else.
const (
	ftsPosts  = ` AND fts_kind : "kindpost"`
	ftsOthers = ` AND fts_kind : ("kindpage" OR "kindtreatment" OR "kinddoctor")`
)

// ftsEngine searches with FTS5.
type ftsEngine struct{}

// page finds the rowid above which lie the most recent matching posts,
// ranks the documents above it and every other matching page, treatment
// and doctor by bm25, keeps the page asked for and makes snippets for its
// rows alone. It counts the matches only when the page does not tell how
// many there are.
func (ftsEngine) page(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, int, error) {
	t, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	match := ftsMatch(q.words)
	cut, err := ftsCut(ctx, t, match)
	if err != nil {
		return nil, 0, err
	}
	hits, err := ftsHits(ctx, t, match, cut, q)
	if err != nil {
		return nil, 0, err
	}
	total := q.offset + len(hits)
	if len(hits) == q.limit || len(hits) == 0 && q.offset > 0 {
		if total, err = ftsCount(ctx, t, match, cut, q); err != nil {
			return nil, 0, err
		}
	}
	rs, err := ftsSnippets(ctx, t, match, hits)
	return rs, total, err
}

// ftsCut returns the rowid of the oldest of the maxRankedPosts most
// recently indexed posts that match, or 0 when fewer match.
func ftsCut(ctx context.Context, t *sql.Tx, match string) (int64, error) {
	var cut int64
	err := t.QueryRowContext(ctx, `SELECT coalesce(min(rowid), 0) FROM (
		SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2)`,
		match+ftsPosts, maxRankedPosts).Scan(&cut)
	return cut, err
}

// ftsHits returns the page of q among the visible documents that match:
// posts from the rowid cut on and everything else.
func ftsHits(ctx context.Context, t *sql.Tx, match string, cut int64, q searchQuery) ([]ftsHit, error) {
	n := q.offset + q.limit
	recent, err := ftsRank(ctx, t, match, cut, q.now, n)
	if err != nil {
		return nil, err
	}
	others, err := ftsRank(ctx, t, match+ftsOthers, 0, q.now, n)
	if err != nil {
		return nil, err
	}
	hits := bestHits(slices.Concat(recent, others))
	return hits[min(q.offset, len(hits)):min(n, len(hits))], nil
}

// ftsHit is a result and the rowid it came from.
type ftsHit struct {
	id int64
	clinic.SearchResult
}

// ftsRank returns the best n visible documents matching match with a
// rowid of at least from, without their snippets.
func ftsRank(ctx context.Context, t *sql.Tx, match string, from int64, now any, n int) ([]ftsHit, error) {
	return queryRows(ctx, t, func(s scanner) (ftsHit, error) {
		var h ftsHit
		return h, s.Scan(&h.id, &h.Kind, &h.Slug, &h.Title, &h.Rank)
	}, `SELECT d.id, d.kind, d.slug, d.title, -search_fts.rank
		FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
		WHERE search_fts MATCH $1 AND search_fts.rowid >= $2
			AND (d.published_at IS NULL OR d.published_at <= $3)
		ORDER BY search_fts.rank LIMIT $4`,
		match, from, now, n)
}

// bestHits returns hits once each, best first.
func bestHits(hits []ftsHit) []ftsHit {
	slices.SortFunc(hits, func(a, b ftsHit) int {
		return cmp.Or(cmp.Compare(b.Rank, a.Rank), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Slug, b.Slug))
	})
	seen := map[int64]bool{}
	return slices.DeleteFunc(hits, func(h ftsHit) bool {
		dup := seen[h.id]
		seen[h.id] = true
		return dup
	})
}

// ftsCount returns how many visible documents match: posts from the rowid
// cut on, and everything else.
func ftsCount(ctx context.Context, t *sql.Tx, match string, cut int64, q searchQuery) (int, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH $1 AND search_fts.rowid >= $3
				AND (d.published_at IS NULL OR d.published_at <= $4))
		+ (SELECT count(*) FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH $2 AND (d.published_at IS NULL OR d.published_at <= $4))`,
		match+ftsPosts, match+ftsOthers, cut, q.now).Scan(&n)
	return n, err
}

// ftsSnippets returns hits as results with a snippet each, made by one
// lookup of its rowid.
func ftsSnippets(ctx context.Context, t *sql.Tx, match string, hits []ftsHit) ([]clinic.SearchResult, error) {
	if len(hits) == 0 {
		return nil, nil
	}
	stmt, err := t.PrepareContext(ctx, `SELECT snippet(search_fts, 1, $3, $4, '…', 24)
		FROM search_fts WHERE search_fts MATCH $1 AND rowid = $2`)
	if err != nil {
		return nil, err
	}
	defer stmt.Close()
	rs := make([]clinic.SearchResult, len(hits))
	for i, h := range hits {
		rs[i] = h.SearchResult
		err := stmt.QueryRowContext(ctx, match, h.id, clinic.SnippetStart, clinic.SnippetEnd).Scan(&rs[i].Snippet)
		if err != nil {
			return nil, err
		}
	}
	return rs, nil
}

// The vocabulary of FTS5 searches: search_fts_vocab reads the words of
// search_fts_words, an index of the words as written.
var (
	ftsKnowsSQL = knowsSQL("search_fts_vocab", "term")
	ftsNearSQL  = nearByLettersSQL("search_fts_vocab", "term", "doc")
)

// knows looks for a word beginning with w in the index of words.
func (ftsEngine) knows(ctx context.Context, db *sql.DB, w string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, ftsKnowsSQL, w, prefixEnd(w)).Scan(&n)
	return n > 0, err
}

// near reads the words of a length near w's that share its first or
// second letter from the index of words; fts5vocab reads only the ranges
// of words asked for.
func (ftsEngine) near(ctx context.Context, db *sql.DB, w string, edits int) ([]siteWord, error) {
	return queryRows(ctx, db, scanSiteWord, ftsNearSQL, nearByLettersArgs(w, edits)...)
}

func scanSiteWord(s scanner) (siteWord, error) {
	var w siteWord
	return w, s.Scan(&w.word, &w.docs)
}
