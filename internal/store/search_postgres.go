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

// tsSearch searches with the tsvector column: the most recent matching
// posts and every other matching document are ranked with ts_rank (title
// weight A, body B), and the best get a headline. The query is spelled
// out at each use rather than computed once in a CTE, so that the planner
// sees it and can use the GIN indexes.
func tsSearch(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, error) {
	return queryRows(ctx, db, func(s scanner) (clinic.SearchResult, error) {
		var r clinic.SearchResult
		return r, s.Scan(&r.Kind, &r.Slug, &r.Title, &r.Snippet, &r.Rank)
	}, `WITH candidates AS (
			(SELECT d.id FROM search_docs d
			WHERE d.tsv @@ plainto_tsquery('english', $1) AND d.kind = 'post'
			ORDER BY d.id DESC LIMIT $4)
			UNION ALL
			SELECT d.id FROM search_docs d WHERE d.tsv @@ plainto_tsquery('english', $1) AND d.kind <> 'post'
		),
		top AS (
			SELECT d.id, ts_rank(d.tsv, plainto_tsquery('english', $1)) AS rank
			FROM candidates c JOIN search_docs d ON d.id = c.id
			WHERE d.published_at IS NULL OR d.published_at <= $2
			ORDER BY rank DESC, d.kind, d.slug LIMIT $3
		)
		SELECT d.kind, d.slug, d.title, ts_headline('english', d.body_text, plainto_tsquery('english', $1), $5), top.rank
		FROM top JOIN search_docs d ON d.id = top.id
		ORDER BY top.rank DESC, d.kind, d.slug`,
		tsQuery(q.words), q.now, q.limit, maxRankedPosts, tsHeadline)
}
