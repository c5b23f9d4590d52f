package store

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"clinic"
)

func TestEditDistance(t *testing.T) {
	tests := []struct {
		name, a, b string
		limit      int
		want       int
	}{
		{"a word is no edit from itself", "sciatica", "sciatica", 2, 0},
		{"a missing letter is one edit", "siatica", "sciatica", 2, 1},
		{"an extra letter is one edit", "sciatiica", "sciatica", 2, 1},
		{"a wrong letter is one edit", "sciatika", "sciatica", 2, 1},
		{"two neighbours swapped are one edit", "sciatcia", "sciatica", 2, 1},
		{"a swap at the start is one edit", "csiatica", "sciatica", 2, 1},
		{"letters count, not bytes", "señor", "senor", 2, 1},
		{"no letter is edited twice", "ca", "abc", 5, 3},
		{"the empty word is as far as the other is long", "", "back", 5, 4},
		{"beyond the limit is the limit and one", "kitten", "sitting", 1, 2},
		{"within a wider limit the distance is exact", "kitten", "sitting", 5, 3},
		{"lengths too far apart are beyond the limit at once", "pain", "painkillers", 2, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := editDistance([]rune(tt.a), []rune(tt.b), tt.limit); got != tt.want {
				t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tt.a, tt.b, tt.limit, got, tt.want)
			}
		})
	}
}

// FuzzEditDistance checks the distance against its definition's
// consequences: symmetric, zero only between equal words, at least the
// difference of the lengths and at most the longer length, and the bound
// cutting the exact distance at limit+1.
func FuzzEditDistance(f *testing.F) {
	f.Add("siatica", "sciatica", 1)
	f.Add("ca", "abc", 0)
	f.Add("", "x", 3)
	f.Fuzz(func(t *testing.T, a, b string, limit int) {
		ra, rb := []rune(a), []rune(b)
		if len(ra) > 40 || len(rb) > 40 {
			return
		}
		limit = abs(limit % 50)
		exact := editDistance(ra, rb, 100)
		if back := editDistance(rb, ra, 100); back != exact {
			t.Errorf("d(a, b) = %d, d(b, a) = %d", exact, back)
		}
		if (exact == 0) != (string(ra) == string(rb)) {
			t.Errorf("d = %d between %q and %q", exact, a, b)
		}
		if exact < abs(len(ra)-len(rb)) || exact > max(len(ra), len(rb)) {
			t.Errorf("d = %d for lengths %d and %d", exact, len(ra), len(rb))
		}
		if got := editDistance(ra, rb, limit); got != min(exact, limit+1) {
			t.Errorf("with limit %d: %d, exact %d", limit, got, exact)
		}
	})
}

func TestPrefixEnd(t *testing.T) {
	for p, want := range map[string]string{
		"s":           "t",
		"sciatic":     "sciatid",
		"señ":         "seò",
		"\ud7ff":      "\ue000", // past the surrogates
		"a\U0010FFFF": "a\U0010FFFF\U0010FFFF",
	} {
		if got := prefixEnd(p); got != want {
			t.Errorf("prefixEnd(%q) = %q, want %q", p, got, want)
		}
	}
}

// FuzzPrefixEnd checks that every word beginning with p lies in
// [p, prefixEnd(p)), and that the end is valid UTF-8, which PostgreSQL
// requires of text.
func FuzzPrefixEnd(f *testing.F) {
	f.Add("sci", "atica")
	f.Add("\ud7ff", "x")
	f.Fuzz(func(t *testing.T, p, rest string) {
		if p == "" || !utf8.ValidString(p) || !utf8.ValidString(rest) {
			return
		}
		end := prefixEnd(p)
		if !utf8.ValidString(end) {
			t.Fatalf("prefixEnd(%q) = %q is not UTF-8", p, end)
		}
		if w := p + rest; w < p || w >= end && !strings.HasPrefix(end, w) {
			t.Errorf("%q is outside [%q, %q)", w, p, end)
		}
	})
}

func TestClosest(t *testing.T) {
	tests := []struct {
		name  string
		word  string
		cands []siteWord
		want  string
	}{
		{"the fewest edits win", "siatica", []siteWord{{"sciatic", 9}, {"sciatica", 2}}, "sciatica"},
		{"among equals the word more documents hold wins", "bakc", []siteWord{{"bark", 1}, {"back", 30}, {"baker", 40}}, "back"},
		{"among equals the word sharing more trigrams wins", "cart", []siteWord{{"card", 9}, {"carts", 2}}, "carts"},
		{"among equals in all the first in order wins", "cart", []siteWord{{"carp", 2}, {"card", 2}}, "card"},
		{"nothing within the limit is no suggestion", "spine", []siteWord{{"spinal", 3}, {"shine", 0}}, "shine"},
		{"numbers are not suggested", "2024a", []siteWord{{"2024", 5}}, ""},
		{"the word itself is not suggested", "back", []siteWord{{"back", 5}}, ""},
		{"short words are not corrected", "bak", []siteWord{{"back", 5}}, ""},
		{"long words may be two edits away", "kyphoplsty", []siteWord{{"kyphoplasty", 1}}, "kyphoplasty"},
		{"words of four to six letters only one", "spnei", []siteWord{{"spine", 1}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := closest(tt.word, tt.cands)
			if got != tt.want || ok != (tt.want != "") {
				t.Errorf("closest(%q) = %q, %v; want %q", tt.word, got, ok, tt.want)
			}
		})
	}
}

// suggestion searches text at now asking for a suggestion.
func suggestion(t *testing.T, db *DB, text string, days int) string {
	t.Helper()
	found, err := db.Search(context.Background(), clinic.SearchQuery{Text: text, Now: day(days), Limit: 10, Suggest: true})
	if err != nil {
		t.Fatalf("Search(%q): %v", text, err)
	}
	return found.Suggestion
}

func TestSearchSuggestsTheSitesWords(t *testing.T) {
	tests := []struct {
		name, query string
		days        int
		want        string
	}{
		{"a missing letter is put back", "siatica", 0, "sciatica"},
		{"the other words stay as they are", "siatica LEG", 0, "sciatica leg"},
		{"two edits in a long word are corrected", "kyphoplsty", 0, "kyphoplasty"},
		{"swapped letters are put right", "podiatrsit", 0, "podiatrist"},
		{"a word the site knows gets nothing", "sciatica", 0, ""},
		{"the start of a word the site knows gets nothing", "sciat", 0, ""},
		{"a query that finds enough gets nothing", "pain", 0, ""},
		{"short words are not corrected", "lge", 0, ""},
		{"a word far from every word gets nothing", "xylophone", 0, ""},
		{"a word only a scheduled post holds is not suggested before its time", "pilatse", 0, ""},
		{"it is suggested once the post is out", "pilatse", 7, "pilates"},
		{"a word only a draft holds is never suggested", "draftt", 1000, ""},
		{"a suggestion that finds no more is not made", "siatica zzzzzzz", 0, ""},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, searchBundle())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				if got := suggestion(t, db, tt.query, tt.days); got != tt.want {
					t.Errorf("suggestion for %q = %q, want %q", tt.query, got, tt.want)
				}
			})
		}
		t.Run("no suggestion is made unless asked for", func(t *testing.T) {
			found, err := db.Search(context.Background(), clinic.SearchQuery{Text: "siatica", Now: testNow})
			if err != nil || found.Suggestion != "" {
				t.Errorf("Search = %+v, %v; want no suggestion", found, err)
			}
		})
	})
}

func TestSuggestionsFollowTheContent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		b := searchBundle()
		mustImport(t, db, b)
		b.Pages[2].Title, b.Pages[2].Body = "Leg pain", "Pain down the leg."
		b.Posts[len(b.Posts)-2].Body = "Some of our patients have spondylolisthesis."
		mustImport(t, db, b)
		for q, want := range map[string]string{
			"siatica":          "sciatic", // sciatica, one edit away, is gone
			"spondylolistesis": "spondylolisthesis",
			"leg pian":         "leg pain",
		} {
			if got := suggestion(t, db, q, 0); got != want {
				t.Errorf("after an update, the suggestion for %q = %q, want %q", q, got, want)
			}
		}
	})
}
