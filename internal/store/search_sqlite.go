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
// minPrefixLen letters, as the start of a longer word of the site:
// ("sciatic" OR "sciatic" OR "sciatica"), where begins[i] are the words of
// the site that words[i] begins. A whole word matches two phrases and so
// ranks above a word it only begins. Each word is a quoted string, so
// that FTS5's operators, prefixes and column filters in the input mean
// nothing. (A column filter to keep words away from fts_kind would cost
// more than it saves: no query word is like "kindpost", and the column
// weighs nothing in the rank.)
//
// The longer words are spelt out rather than asked for as a prefix query
// ("sciatic"*): FTS5 answers a prefix query by merging the position lists
// of every word with that prefix, in full, each time the query runs,
// which made a search for "pain" over 2,000 posts three times slower.
func ftsMatch(words []string, begins [][]string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		terms[i] = ftsQuote(w)
		if len(begins[i]) == 0 || len(begins[i]) == 1 && begins[i][0] == w {
			continue // no longer word to rank w above
		}
		phrases := []string{terms[i]}
		for _, b := range begins[i] {
			phrases = append(phrases, ftsQuote(b))
		}
		terms[i] = "(" + strings.Join(phrases, " OR ") + ")"
	}
	return strings.Join(terms, " AND ")
}

// ftsQuote makes w an FTS5 string.
func ftsQuote(w string) string { return `"` + strings.ReplaceAll(w, `"`, `""`) + `"` }

// maxBeginnings bounds how many words of the site a query word stands
// for besides itself: those that most documents hold.
const maxBeginnings = 20

// The two halves of an FTS5 search: posts, and everything else.
const (
	ftsPosts  = ` AND fts_kind : "kindpost"`
	ftsOthers = ` AND fts_kind : ("kindpage" OR "kindtreatment" OR "kinddoctor")`
)

// ftsEngine searches with FTS5.
type ftsEngine struct {
	vocab *ftsVocab
}

// page finds the rowid above which lie the most recent matching posts,
// ranks the documents above it and every other matching page, treatment
// and doctor by bm25 and keeps the page asked for, with snippets made in
// the ranking for the first page and by a lookup of each row for the
// others. It counts the matches only when the page does not tell how many
// there are.
func (e ftsEngine) page(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, int, error) {
	begins, err := e.beginnings(ctx, db, q.words)
	if err != nil {
		return nil, 0, err
	}
	t, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, err
	}
	defer t.Rollback()
	match := ftsMatch(q.words, begins)
	cut, err := ftsCut(ctx, t, match)
	if err != nil {
		return nil, 0, err
	}
	hits, err := ftsHits(ctx, t, []ftsHalf{{match, cut}, {match + ftsOthers, 0}}, q)
	if err != nil {
		return nil, 0, err
	}
	total := q.offset + len(hits)
	if len(hits) == q.limit || len(hits) == 0 && q.offset > 0 {
		if total, err = ftsCount(ctx, t, match, cut, q); err != nil {
			return nil, 0, err
		}
	}
	if q.offset > 0 {
		err = ftsSnippets(ctx, t, match, hits)
	}
	rs := make([]clinic.SearchResult, len(hits))
	for i, h := range hits {
		rs[i] = h.SearchResult
	}
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

// ftsHits returns the page of q among the visible documents that the
// halves find: posts from the cut on, and everything else. The first
// page comes with its snippets: FTS5 makes them only for the rows a
// query returns, so at most twice as many as shown, where making them
// for a page further on would mean one for every row above it too.
func ftsHits(ctx context.Context, t *sql.Tx, halves []ftsHalf, q searchQuery) ([]ftsHit, error) {
	n, snippet := q.offset+q.limit, `''`
	if q.offset == 0 {
		// Spelt out: behind a CASE the same call measured slower.
		snippet = `snippet(search_fts, 1, $5, $6, '…', 24)`
	}
	var hits []ftsHit
	for _, h := range halves {
		ranked, err := queryRows(ctx, t, func(s scanner) (ftsHit, error) {
			var h ftsHit
			return h, s.Scan(&h.id, &h.Kind, &h.Slug, &h.Title, &h.Rank, &h.Snippet)
		}, `SELECT d.id, d.kind, d.slug, d.title, -search_fts.rank, `+snippet+`
			FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
			WHERE search_fts MATCH $1 AND search_fts.rowid >= $2
				AND (d.published_at IS NULL OR d.published_at <= $3)
			ORDER BY search_fts.rank LIMIT $4`,
			h.match, h.from, q.now, n, clinic.SnippetStart, clinic.SnippetEnd)
		if err != nil {
			return nil, err
		}
		hits = append(hits, ranked...)
	}
	hits = bestHits(hits)
	return hits[min(q.offset, len(hits)):min(n, len(hits))], nil
}

// ftsHalf is one of the two searches a page is made of: the documents
// that match from a rowid on.
type ftsHalf struct {
	match string
	from  int64
}

// ftsHit is a result and the rowid it came from.
type ftsHit struct {
	id int64
	clinic.SearchResult
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

// ftsSnippets makes the snippets of hits, one lookup of a rowid each.
func ftsSnippets(ctx context.Context, t *sql.Tx, match string, hits []ftsHit) error {
	stmt, err := t.PrepareContext(ctx, `SELECT snippet(search_fts, 1, $3, $4, '…', 24)
		FROM search_fts WHERE search_fts MATCH $1 AND rowid = $2`)
	if err != nil {
		return err
	}
	defer stmt.Close()
	for i := range hits {
		err := stmt.QueryRowContext(ctx, match, hits[i].id, clinic.SnippetStart, clinic.SnippetEnd).Scan(&hits[i].Snippet)
		if err != nil {
			return err
		}
	}
	return nil
}
