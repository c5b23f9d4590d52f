package store

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// searchBundle is visibilityBundle with one page about sciatica in its
// title and one post that names sciatica only in its body.
func searchBundle() *clinic.Bundle {
	b := visibilityBundle()
	b.Pages = append(b.Pages, &clinic.Page{Slug: "sciatica", Title: "Sciatica",
		Body: "Leg pain that starts in the lower back."})
	b.Posts = append(b.Posts, &clinic.Post{Slug: "nerve-pain", Title: "Living with nerve pain", Author: "ann-lee",
		Category: "research", Status: clinic.StatusPublished, PublishedAt: day(-4),
		Body: "Many of our patients arrive with a long story. Some of them have **sciatica**, which we treat with care."})
	b.Posts = append(b.Posts, &clinic.Post{Slug: "the-longest-nerve", Title: "The longest nerve", Author: "ann-lee",
		Category: "research", Status: clinic.StatusPublished, PublishedAt: day(-5),
		Body: "Many of our patients ask about the sciatic nerve and its long story."})
	return b
}

// firstResults returns the first ten results for text at testNow, having
// looked for a suggestion too.
func firstResults(ctx context.Context, db *DB, text string) ([]clinic.SearchResult, error) {
	found, err := db.Search(ctx, clinic.SearchQuery{Text: text, Now: testNow, Limit: 10, Suggest: true})
	if err != nil {
		return nil, err
	}
	return found.Results, nil
}

// hit is the part of a result that the tests can predict.
type hit struct{ Kind, Slug string }

func hits(rs []clinic.SearchResult) []hit {
	var out []hit
	for _, r := range rs {
		out = append(out, hit{r.Kind, r.Slug})
	}
	return out
}

func TestSearchFindsVisibleContent(t *testing.T) {
	tests := []struct {
		name  string
		query string
		days  int // after testNow
		want  []hit
	}{
		{"a title match ranks above a body match", "sciatica", 0,
			[]hit{{"page", "sciatica"}, {"post", "nerve-pain"}}},
		{"case and punctuation do not matter", `  SCIATICA!!! `, 0,
			[]hit{{"page", "sciatica"}, {"post", "nerve-pain"}}},
		{"every word must match", "sciatica leg", 0, []hit{{"page", "sciatica"}}},
		{"the start of a word matches", "kypho", 0, []hit{{"treatment", "kyphoplasty"}}},
		{"the start of a word matches from three letters", "ky", 0, nil},
		{"the middle of a word is not a match", "phoplasty", 0, nil},
		{"a word finds the words it begins", "sciatic care", 0, []hit{{"post", "nerve-pain"}}},
		{"a whole word ranks above a word it begins", "sciatic story", 0,
			[]hit{{"post", "the-longest-nerve"}, {"post", "nerve-pain"}}},
		{"every word may be the start of one", "kypho cem", 0, []hit{{"treatment", "kyphoplasty"}}},
		{"the kind of a document is not a match", "doctor", 0, nil},
		{"words match their other forms", "fractures", 0, []hit{{"treatment", "kyphoplasty"}}},
		{"doctors are found by role", "podiatrist", 0, []hit{{"doctor", "ben-ortiz"}}},
		{"a scheduled post is hidden before its time", "pilates", 0, nil},
		{"a scheduled post is found after its time", "pilates", 7, []hit{{"post", "pilates-for-back-pain"}}},
		{"a future post is hidden", "future", 0, nil},
		{"a draft is never found", "draft", 1000, nil},
		{"a scheduled post without a time is never found", "shown", 1000, nil},
		{"a published post without a time is found", "genes", 0, []hit{{"post", "family-history"}}},
		{"a query with no words finds nothing", `"*:()`, 0, nil},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, searchBundle())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				found, err := db.Search(context.Background(), clinic.SearchQuery{Text: tt.query, Now: day(tt.days), Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				rs := found.Results
				if diff := cmp.Diff(tt.want, hits(rs)); diff != "" {
					t.Errorf("Search(%q) (-want +got):\n%s", tt.query, diff)
				}
				if found.Total != len(rs) {
					t.Errorf("Total = %d, want %d", found.Total, len(rs))
				}
				for i := 1; i < len(rs); i++ {
					if rs[i].Rank > rs[i-1].Rank {
						t.Errorf("result %d ranks %v above result %d at %v", i, rs[i].Rank, i-1, rs[i-1].Rank)
					}
				}
			})
		}
	})
}

func TestSearchSnippetsMarkTheMatches(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, searchBundle())
		rs, err := firstResults(context.Background(), db, "sciatica")
		if err != nil || len(rs) != 2 {
			t.Fatalf("Search = %v, %v", rs, err)
		}
		s := rs[1].Snippet
		start, end := strings.Index(s, clinic.SnippetStart), strings.Index(s, clinic.SnippetEnd)
		if start < 0 || end < start {
			t.Fatalf("snippet %q has no marked match", s)
		}
		if got := s[start+1 : end]; !strings.EqualFold(got, "sciatica") {
			t.Errorf("snippet %q marks %q, want sciatica", s, got)
		}
		if strings.Contains(s, "**") {
			t.Errorf("snippet %q holds Markdown", s)
		}
		if rs[0].Title != "Sciatica" {
			t.Errorf("title = %q", rs[0].Title)
		}
	})
}

func TestSearchIndexFollowsImports(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b := searchBundle()
		mustImport(t, db, b)
		b.Pages[2].Title, b.Pages[2].Body = "Leg pain", "Pain down the leg."
		b.Posts[1].Status = clinic.StatusDraft // acupuncture
		mustImport(t, db, b)
		for q, want := range map[string][]hit{
			"sciatica":    {{"post", "nerve-pain"}},
			"acupuncture": nil,
			"leg":         {{"page", "sciatica"}},
		} {
			rs, err := firstResults(ctx, db, q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, hits(rs)); diff != "" {
				t.Errorf("Search(%q) after an update (-want +got):\n%s", q, diff)
			}
		}
	})
}

func TestSearchFindsTheStartOfNewWords(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b := searchBundle()
		mustImport(t, db, b)
		for _, step := range []struct {
			name string
			body string
			want []hit
		}{
			{"before the word is written", "", nil},
			{"once a post holds it", "Some patients have spondylolisthesis.", []hit{{"post", "nerve-pain"}}},
			{"once no post holds it any more", "Some patients have back pain.", nil},
		} {
			if step.body != "" {
				b.Posts[len(b.Posts)-2].Body = step.body
				mustImport(t, db, b)
			}
			rs, err := firstResults(ctx, db, "spondylo")
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(step.want, hits(rs)); diff != "" {
				t.Errorf("%s: (-want +got):\n%s", step.name, diff)
			}
		}
	})
}

func TestSearchWhileContentChanges(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b := searchBundle()
		mustImport(t, db, b)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for _, q := range []string{"spondylo", "siatica", "sciatic", "kypho cem", "pian", "back"} {
					if _, err := firstResults(ctx, db, q); err != nil {
						t.Errorf("Search(%q) while content changes: %v", q, err)
					}
				}
			})
		}
		for i := range 3 {
			b.Posts[len(b.Posts)-2].Body = fmt.Sprintf("Version %d: some patients have spondylolisthesis.", i)
			mustImport(t, db, b)
		}
		wg.Wait()
		rs, err := firstResults(ctx, db, "spondylo")
		if err != nil || len(rs) != 1 {
			t.Errorf("after the changes: %v, %v", hits(rs), err)
		}
	})
}

// hostileQueries are inputs that would break a search that passed them on
// to the database's query syntax.
var hostileQueries = []string{
	``, `   `, `"`, `""`, `"pain`, `pain"`, `'`, `''`, `\`, `\"`, `%`, `_`, `*`, `pain*`, `*pain`,
	`-`, `-pain`, `pain -back`, `+pain`, `^pain`, `pain^2`, `NEAR(`, `NEAR(pain back, 2)`, `NEAR/2`,
	`AND`, `OR`, `NOT`, `pain AND`, `OR pain`, `NOT pain`, `pain OR back NOT leg`,
	`(`, `)`, `(pain`, `pain)`, `((()))`, `{pain back}`, `col:`, `title:pain`, `body_text:pain`,
	`search_fts:pain`, `rank:1`, `pain:*`, `pain & back | !leg`, `<->`, `pain <-> back`, `!`,
	`'; DROP TABLE posts; --`, `" OR 1=1 --`, "\x00", "pain\x00back", "\xff\xfe\xfd", "pain\xffback",
	"\x02pain\x03", "脊椎 痛み", "ĳ ǅ ﬁ", "🙂 pain 🙂", "e\u0301", strings.Repeat("pain ", 2100),
	strings.Repeat("a", 10240), strings.Repeat(`"(*`, 3500), strings.Repeat("x ", 5000), "!!!???...---",
}

func TestHostileQueriesNeverFail(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, searchBundle())
		for _, q := range hostileQueries {
			if _, err := firstResults(context.Background(), db, q); err != nil {
				t.Errorf("Search(%.40q): %v", q, err)
			}
		}
		rs, err := firstResults(context.Background(), db, "pain\x00sciatica\xff")
		if err != nil || len(rs) == 0 {
			t.Errorf("Search with NUL and invalid UTF-8 between words = %v, %v; want the words found", rs, err)
		}
	})
}

func TestSearchWords(t *testing.T) {
	tests := []struct {
		name, query string
		want        []string
	}{
		{"words are lower-cased", "Back PAIN", []string{"back", "pain"}},
		{"operators are separators", `title:"pain" NEAR(back*)`, []string{"title", "pain", "near", "back"}},
		{"invalid UTF-8 and NUL separate words", "a\xffb\x00c", []string{"a", "b", "c"}},
		{"letters of any script are words", "脊椎 señor", []string{"脊椎", "señor"}},
		{"at most twelve words are kept", strings.Repeat("w ", 20), strings.Fields(strings.Repeat("w ", 12))},
		{"very long words are dropped", strings.Repeat("a", 65) + " b", []string{"b"}},
		{"only punctuation is no words", "?!-", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, searchWords(tt.query)); diff != "" {
				t.Errorf("searchWords(%q) (-want +got):\n%s", tt.query, diff)
			}
		})
	}
}

func TestMatchQueries(t *testing.T) {
	words := []string{"back", "of", "pain"}
	begins := [][]string{{"back", "backpack"}, nil, {"pain"}}
	if got, want := ftsMatch(words, begins), `("back" OR "back" OR "backpack") AND "of" AND "pain"`; got != want {
		t.Errorf("ftsMatch = %s, want %s", got, want)
	}
	if got, want := ftsMatch([]string{"qu"}, [][]string{{`qu"ote`}}), `("qu" OR "qu""ote")`; got != want {
		t.Errorf("ftsMatch with a quote = %s, want %s", got, want)
	}
	if got, want := tsQuery(words), `('back' | 'back':*) & 'of' & ('pain' | 'pain':*)`; got != want {
		t.Errorf("tsQuery = %s, want %s", got, want)
	}
}

// FuzzSearch checks that no query makes SQLite search fail.
func FuzzSearch(f *testing.F) {
	for _, q := range hostileQueries {
		f.Add(q)
	}
	db, err := Open(context.Background(), filepath.Join(f.TempDir(), "clinic.db"), Options{})
	if err != nil {
		f.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Import(context.Background(), searchBundle()); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := firstResults(context.Background(), db, q); err != nil {
			t.Fatalf("Search(%q): %v", q, err)
		}
	})
}

// FuzzSearchWords checks what the engines are given for any input: at
// most maxSearchWords words of letters and digits, none longer than
// maxSearchWordLen, none with an upper-case form of its own, and match
// queries in which every word is quoted.
func FuzzSearchWords(f *testing.F) {
	for _, q := range hostileQueries {
		f.Add(q)
	}
	f.Add("İSTANBUL ǅemal ΣΊΣΥΦΟΣ")
	f.Fuzz(func(t *testing.T, q string) {
		words := searchWords(q)
		if len(words) > maxSearchWords {
			t.Errorf("%d words", len(words))
		}
		for _, w := range words {
			if w == "" || utf8.RuneCountInString(w) > maxSearchWordLen || strings.ContainsFunc(w, func(r rune) bool {
				return !unicode.IsLetter(r) && !unicode.IsDigit(r)
			}) {
				t.Errorf("word %q of %q", w, q)
			}
			if strings.ToLower(w) != w {
				t.Errorf("word %q of %q is not lower case", w, q)
			}
			if !strings.Contains(ftsMatch(words, make([][]string, len(words))), `"`+w+`"`) || !strings.Contains(tsQuery(words), "'"+w+"'") {
				t.Errorf("word %q is not quoted in the match queries", w)
			}
		}
	})
}
