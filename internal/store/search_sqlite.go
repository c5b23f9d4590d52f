package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"

	"clinic"
)

// ftsMatch makes an FTS5 query that requires every word. Each word is a
// quoted string, so that FTS5's operators, prefixes and column filters in
// the input mean nothing. (A column filter to keep words away from
// fts_kind would cost more than it saves: no query word is like
// "kindpost", and the column weighs nothing in the rank.)
func ftsMatch(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	return strings.Join(quoted, " AND ")
}

// The two halves of an FTS5 search: posts, and everything else.
const (
	ftsPosts  = ` AND fts_kind : "kindpost"`
	ftsOthers = ` AND fts_kind : ("kindpage" OR "kindtreatment" OR "kinddoctor")`
)

// ftsSearch searches with FTS5: it finds the rowid above which lie the
// most recent matching posts, ranks the documents above it and every
// other matching page, treatment and doctor by bm25, and keeps the best.
// FTS5 sorts by rank itself, so snippets are made only for the rows
// returned.
func ftsSearch(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, error) {
	t, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer t.Rollback()
	match := ftsMatch(q.words)
	var cut int64
	err = t.QueryRowContext(ctx, `SELECT coalesce(min(rowid), 0) FROM (
		SELECT rowid FROM search_fts WHERE search_fts MATCH $1 ORDER BY rowid DESC LIMIT $2)`,
		match+ftsPosts, maxRankedPosts).Scan(&cut)
	if err != nil {
		return nil, err
	}
	recent, err := ftsRank(ctx, t, match, cut, q)
	if err != nil {
		return nil, err
	}
	others, err := ftsRank(ctx, t, match+ftsOthers, 0, q)
	if err != nil {
		return nil, err
	}
	return bestHits(slices.Concat(recent, others), q.limit), nil
}

// ftsHit is a result and the rowid it came from.
type ftsHit struct {
	id int64
	clinic.SearchResult
}

// ftsRank returns the best q.limit visible documents matching match with
// a rowid of at least from.
func ftsRank(ctx context.Context, t *sql.Tx, match string, from int64, q searchQuery) ([]ftsHit, error) {
	return queryRows(ctx, t, func(s scanner) (ftsHit, error) {
		var h ftsHit
		return h, s.Scan(&h.id, &h.Kind, &h.Slug, &h.Title, &h.Snippet, &h.Rank)
	}, `SELECT d.id, d.kind, d.slug, d.title, snippet(search_fts, 1, $5, $6, '…', 24), -search_fts.rank
		FROM search_fts JOIN search_docs d ON d.id = search_fts.rowid
		WHERE search_fts MATCH $1 AND search_fts.rowid >= $2
			AND (d.published_at IS NULL OR d.published_at <= $3)
		ORDER BY search_fts.rank LIMIT $4`,
		match, from, q.now, q.limit, clinic.SnippetStart, clinic.SnippetEnd)
}

// bestHits returns the best limit of hits, once each, best first.
func bestHits(hits []ftsHit, limit int) []clinic.SearchResult {
	slices.SortFunc(hits, func(a, b ftsHit) int {
		return cmp.Or(cmp.Compare(b.Rank, a.Rank), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Slug, b.Slug))
	})
	var rs []clinic.SearchResult
	seen := map[int64]bool{}
	for _, h := range hits {
		if !seen[h.id] && len(rs) < limit {
			seen[h.id] = true
			rs = append(rs, h.SearchResult)
		}
	}
	return rs
}
