package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	// maxSearchOffset bounds how far into the results a page may start;
	// there are never this many, so a page beyond it is simply empty.
	maxSearchOffset = 1 << 20
)

// minPrefixLen is the length from which a query word also matches the
// words it begins ("sciatic" finds "sciatica"). A prefix of one or two
// letters would expand to a large part of the index.
const minPrefixLen = 3

// maxRankedPosts bounds the work of a search for common words: it ranks
// every matching page, treatment and doctor but only the most recently
// indexed posts among those that match, this many at most.
const maxRankedPosts = 200

// searchQuery is a search as the dialects' search engines take it.
type searchQuery struct {
	words         []string
	now           any // a time argument
	offset, limit int
}

// searchEngine is a dialect's full-text search.
type searchEngine interface {
	// page returns the results of q from q.offset, at most q.limit of
	// them, and how many results there are in all.
	page(ctx context.Context, db *sql.DB, q searchQuery) ([]clinic.SearchResult, int, error)
	// knows reports whether a word of the site's content begins with w.
	knows(ctx context.Context, db *sql.DB, w string) (bool, error)
	// near returns words of the site's content that w, a word it does not
	// know, may be a misspelling of, up to edits edits away; closest
	// chooses among them.
	near(ctx context.Context, db *sql.DB, w string, edits int) ([]siteWord, error)
}

// Search finds visible content matching every word of the query, best
// first: title matches weigh more than body matches, words match their
// other forms (fracture, fractures, fractured), and a word of three or
// more letters also matches the words it begins, whole words ranking
// higher. When more than maxRankedPosts posts match, only the most
// recently indexed of them are ranked, and counted. q.Now is the current
// time when zero. Any string is a valid query; one without letters or
// digits finds nothing. When q.Suggest is set and the query finds little,
// the results carry a query with its unknown words corrected, if that
// finds more.
func (db *DB) Search(ctx context.Context, q clinic.SearchQuery) (*clinic.SearchResults, error) {
	words := searchWords(q.Text)
	if len(words) == 0 {
		return &clinic.SearchResults{}, nil
	}
	sq := searchQuery{words: words, now: db.d.timeArg(db.nowOr(q.Now)),
		offset: min(max(q.Offset, 0), maxSearchOffset), limit: min(q.Limit, maxSearchResults)}
	if q.Limit <= 0 {
		sq.limit = defaultResults
	}
	rs, total, err := db.d.search.page(ctx, db.read, sq)
	if err != nil {
		return nil, fmt.Errorf("store: search: %w", err)
	}
	found := &clinic.SearchResults{Results: rs, Total: total}
	if q.Suggest && total < fewResults {
		if found.Suggestion, err = db.suggest(ctx, sq, total); err != nil {
			return nil, fmt.Errorf("store: search: suggest: %w", err)
		}
	}
	return found, nil
}

// searchWords returns the lower-case words of q: runs of letters and
// digits, at most maxSearchWords of them. Anything else, invalid UTF-8 and
// NUL bytes included, separates words. Words are lower-cased before they
// are cut out, so that a letter whose lower case adds a combining mark
// (İ) still gives letters only.
func searchWords(q string) []string {
	var words []string
	for w := range strings.FieldsFuncSeq(strings.ToLower(q), func(r rune) bool {
		return r == utf8.RuneError || !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if utf8.RuneCountInString(w) > maxSearchWordLen {
			continue
		}
		words = append(words, w)
		if len(words) == maxSearchWords {
			break
		}
	}
	return words
}

// isPrefixWord reports whether w also matches the words it begins.
func isPrefixWord(w string) bool { return utf8.RuneCountInString(w) >= minPrefixLen }

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
