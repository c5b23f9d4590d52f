package store

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"clinic"
)

// Limits of a search query: more words or longer words are dropped, so
// that any input makes a small, valid query.
const (
	maxSearchWords   = 12
	maxSearchWordLen = 64 // runes
	maxSearchResults = 100
	defaultResults   = 20
)

// maxRankedPosts bounds the work of a search for common words: it ranks
// every matching page, treatment and doctor but only the most recently
// indexed posts among those that match, this many at most.
const maxRankedPosts = 200

// searchQuery is a search as the dialects' search functions take it.
type searchQuery struct {
	words []string
	now   any // a time argument
	limit int
}

// Search finds visible content matching every word of query, best first:
// title matches weigh more than body matches, and words match their other
// forms (fracture, fractures, fractured). When more than maxRankedPosts
// posts match, only the most recently indexed of them are ranked. now is
// the current time when zero. Any string is a valid query; one without
// letters or digits finds nothing.
func (db *DB) Search(ctx context.Context, query string, now time.Time, limit int) ([]clinic.SearchResult, error) {
	words := searchWords(query)
	if len(words) == 0 {
		return nil, nil
	}
	if limit <= 0 {
		limit = defaultResults
	}
	q := searchQuery{words: words, now: db.d.timeArg(db.nowOr(now)), limit: min(limit, maxSearchResults)}
	rs, err := db.d.search(ctx, db.read, q)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	return rs, nil
}

// searchWords returns the lower-case words of q: runs of letters and
// digits, at most maxSearchWords of them. Anything else, invalid UTF-8 and
// NUL bytes included, separates words.
func searchWords(q string) []string {
	var words []string
	for w := range strings.FieldsFuncSeq(q, func(r rune) bool {
		return r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) > maxSearchWordLen {
			continue
		}
		words = append(words, strings.ToLower(w))
		if len(words) == maxSearchWords {
			break
		}
	}
	return words
}

// index puts a document in the search index, or replaces it. published is
// a time argument, or nil for what is always visible; the body is the
// non-empty parts, one per line.
func (t *tx) index(ctx context.Context, kind, slug, title string, published any, parts ...string) error {
	var body []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			body = append(body, p)
		}
	}
	_, err := t.ExecContext(ctx, `INSERT INTO search_docs (kind, slug, title, body_text, published_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (kind, slug) DO UPDATE SET title = excluded.title, body_text = excluded.body_text,
			published_at = excluded.published_at`,
		kind, slug, title, strings.Join(body, "\n"), published)
	if err != nil {
		return fmt.Errorf("index %s %q: %w", kind, slug, err)
	}
	return nil
}

// unindex takes a document out of the search index.
func (t *tx) unindex(ctx context.Context, kind, slug string) error {
	_, err := t.ExecContext(ctx, `DELETE FROM search_docs WHERE kind = $1 AND slug = $2`, kind, slug)
	if err != nil {
		return fmt.Errorf("unindex %s %q: %w", kind, slug, err)
	}
	return nil
}
