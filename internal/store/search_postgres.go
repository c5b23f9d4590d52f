package store

import (
	"context"
	"database/sql"
	"strings"

	"clinic"
)

// tsQuery is the text for plainto_tsquery: the words, which hold only
// letters and digits, separated by spaces; plainto_tsquery requires them
// all.
func tsQuery(words []string) string { return strings.Join(words, " ") }

// tsHeadline are the options of ts_headline: the snippet markers and a
// length like FTS5's snippets.
const tsHeadline = "StartSel=" + clinic.SnippetStart + ", StopSel=" + clinic.SnippetEnd + ", MaxWords=30, MinWords=12, MaxFragments=1"

// tsSearch searches with the tsvector column: the most recent visible
// matching posts and every other matching document are ranked with
// ts_rank (title weight A, body B) as they are read, and the best get a
// headline made from the first 2,000 characters of their text, which is
// where the cost of ts_headline stays small. The query is spelled
// out at each use rather than computed once in a CTE, so that the planner
// sees it and can use the GIN indexes.
func tsSearch(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, error) {
	return queryRows(ctx, db, func(s scanner) (clinic.SearchResult, error) {
		var r clinic.SearchResult
		return r, s.Scan(&r.Kind, &r.Slug, &r.Title, &r.Snippet, &r.Rank)
	}, `WITH candidates AS (
			(SELECT d.id, d.kind, d.slug, ts_rank(d.tsv, plainto_tsquery('english', $1)) AS rank
			FROM search_docs d
			WHERE d.tsv @@ plainto_tsquery('english', $1) AND d.kind = 'post'
				AND (d.published_at IS NULL OR d.published_at <= $2)
			ORDER BY d.id DESC LIMIT $4)
			UNION ALL
			SELECT d.id, d.kind, d.slug, ts_rank(d.tsv, plainto_tsquery('english', $1))
			FROM search_docs d
			WHERE d.tsv @@ plainto_tsquery('english', $1) AND d.kind <> 'post'
				AND (d.published_at IS NULL OR d.published_at <= $2)
		),
		top AS (SELECT id, rank FROM candidates ORDER BY rank DESC, kind, slug LIMIT $3)
		SELECT d.kind, d.slug, d.title, ts_headline('english', left(d.body_text, 2000), plainto_tsquery('english', $1), $5), top.rank
		FROM top JOIN search_docs d ON d.id = top.id
		ORDER BY top.rank DESC, d.kind, d.slug`,
		tsQuery(q.words), q.now, q.limit, maxRankedPosts, tsHeadline)
}
