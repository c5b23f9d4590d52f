package store

import (
	"context"
	"database/sql"
	"strings"

	"clinic"
)

// tsQuery is the text for to_tsquery('english', …) that requires every
// word, whole or, from minPrefixLen letters, as the start of a longer
// word: ('sciatic' | 'sciatic':*). A whole word matches both and so ranks
// above a word it only begins. Each word is quoted, and holds only
// letters and digits, so nothing in it is an operator; a word that is a
// stop word, or that the parser finds no lexeme in, drops out of the
// query rather than failing it.
func tsQuery(words []string) string {
	terms := make([]string, len(words))
	for i, w := range words {
		quoted := "'" + w + "'"
		terms[i] = quoted
		if isPrefixWord(w) {
			terms[i] = "(" + quoted + " | " + quoted + ":*)"
		}
	}
	return strings.Join(terms, " & ")
}

// tsWholeWords is the text for to_tsquery('english', …) that any of the
// words matches as a whole word. Its rank is added to the rank of the
// search, so that whole words rank above the words they begin: ts_rank
// takes 'sciatic' and 'sciatic':* for one query item.
func tsWholeWords(words []string) string {
	return "'" + strings.Join(words, "' | '") + "'"
}

// tsHeadline are the options of ts_headline: the snippet markers and a
// length like FTS5's snippets.
const tsHeadline = "StartSel=" + clinic.SnippetStart + ", StopSel=" + clinic.SnippetEnd + ", MaxWords=30, MinWords=12, MaxFragments=1"

// tsCandidates are the visible documents matching the query $1 at the
// time $2: the $3 most recent matching posts and every other matching
// document, ranked with ts_rank (title weight A, body B) of the query and
// of its whole words, $4, as they are read. The query is spelled out at
// each use rather than computed once, so that the planner sees it and can
// use the GIN indexes.
const tsCandidates = `WITH candidates AS (
		(SELECT d.id, d.kind, d.slug,
			ts_rank(d.tsv, to_tsquery('english', $1)) + ts_rank(d.tsv, to_tsquery('english', $4)) AS rank
		FROM search_docs d
		WHERE d.tsv @@ to_tsquery('english', $1) AND d.kind = 'post'
			AND (d.published_at IS NULL OR d.published_at <= $2)
		ORDER BY d.id DESC LIMIT $3)
		UNION ALL
		SELECT d.id, d.kind, d.slug,
			ts_rank(d.tsv, to_tsquery('english', $1)) + ts_rank(d.tsv, to_tsquery('english', $4))
		FROM search_docs d
		WHERE d.tsv @@ to_tsquery('english', $1) AND d.kind <> 'post'
			AND (d.published_at IS NULL OR d.published_at <= $2)
	)`

// tsEngine searches with the tsvector column.
type tsEngine struct{}

// page ranks the candidates, counting them on the way, and gives the rows
// of the page a headline made from the first 2,000 characters of their
// text, which is where the cost of ts_headline stays small. A page beyond
// the last has no row to carry the count, so it counts again.
func (tsEngine) page(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, int, error) {
	query, whole := tsQuery(q.words), tsWholeWords(q.words)
	var total int
	rs, err := queryRows(ctx, db, func(s scanner) (clinic.SearchResult, error) {
		var r clinic.SearchResult
		return r, s.Scan(&r.Kind, &r.Slug, &r.Title, &r.Snippet, &r.Rank, &total)
	}, tsCandidates+`,
		top AS (SELECT id, rank, count(*) OVER () AS total FROM candidates
			ORDER BY rank DESC, kind, slug LIMIT $5 OFFSET $6)
		SELECT d.kind, d.slug, d.title, ts_headline('english', left(d.body_text, 2000), to_tsquery('english', $1), $7),
			top.rank, top.total
		FROM top JOIN search_docs d ON d.id = top.id
		ORDER BY top.rank DESC, d.kind, d.slug`,
		query, q.now, maxRankedPosts, whole, q.limit, q.offset, tsHeadline)
	if err != nil || len(rs) > 0 || q.offset == 0 {
		return rs, total, err
	}
	err = db.QueryRowContext(ctx, tsCandidates+` SELECT count(*) FROM candidates`,
		query, q.now, maxRankedPosts, whole).Scan(&total)
	return nil, total, err
}

// The vocabulary of PostgreSQL searches: search_words, which a trigger
// keeps in step with search_docs. It holds no counts of documents (see
// its migration), so its words all count as held by none.
const (
	// tsKnowsSQL counts a word that begins with $1, $2 being
	// prefixEnd($1), if there is one.
	tsKnowsSQL = `SELECT count(*) FROM (SELECT 1 FROM search_words WHERE word >= $1 AND word < $2 LIMIT 1) AS w`
	// tsNearSQL selects the words in two ranges, $1 to $2 and $3 to $4,
	// from $5 to $6 letters long (see nearByLettersArgs).
	tsNearSQL = `SELECT word, 0 FROM search_words WHERE word >= $1 AND word < $2 AND length(word) BETWEEN $5 AND $6
		UNION ALL
		SELECT word, 0 FROM search_words WHERE word >= $3 AND word < $4 AND length(word) BETWEEN $5 AND $6`
)

// knows looks for a word beginning with w in search_words.
func (tsEngine) knows(ctx context.Context, db *sql.DB, w string) (bool, error) {
	var n int
	err := db.QueryRowContext(ctx, tsKnowsSQL, w, prefixEnd(w)).Scan(&n)
	return n > 0, err
}

// near finds the words that share w's first or second letter, as FTS5
// searches do, and, when pg_trgm is there to ask, the words similar to w
// by their trigrams, which also finds a misspelt first letter (see the
// migration that creates search_words). Trigrams alone would miss
// swapped letters in short words: "pian" shares one trigram of nine with
// "pain". It asks for pg_trgm each time, which costs one catalog look-up
// on a path that runs only when a search finds little, and follows an
// extension created or dropped while the server runs.
func (tsEngine) near(ctx context.Context, db *sql.DB, w string, edits int) ([]siteWord, error) {
	words, err := queryRows(ctx, db, scanSiteWord, tsNearSQL, nearByLettersArgs(w, edits)...)
	if err != nil {
		return nil, err
	}
	var trigrams bool
	err = db.QueryRowContext(ctx, `SELECT to_regoperator('%(text,text)') IS NOT NULL
		AND to_regprocedure('similarity(text,text)') IS NOT NULL`).Scan(&trigrams)
	if err != nil || !trigrams {
		return words, err
	}
	similar, err := tsNearByTrigrams(ctx, db, w)
	return append(words, similar...), err
}

// maxTrigramWords bounds the candidates that trigram similarity gives.
const maxTrigramWords = 50

// tsNearByTrigrams returns the words most similar to w by their trigrams
// (pg_trgm's % operator, which its index answers, at its similarity
// threshold of 0.3 unless the server sets another).
func tsNearByTrigrams(ctx context.Context, db *sql.DB, w string) ([]siteWord, error) {
	return queryRows(ctx, db, scanSiteWord, `SELECT word, 0 FROM search_words WHERE word % $1
		ORDER BY similarity(word, $1) DESC, word LIMIT $2`, w, maxTrigramWords)
}
