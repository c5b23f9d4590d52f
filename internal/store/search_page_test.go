package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// stretchBundle is searchBundle with n published posts about stretching,
// each naming it a different number of times so that they rank apart.
func stretchBundle(n int) *clinic.Bundle {
	b := searchBundle()
	for i := range n {
		b.Posts = append(b.Posts, &clinic.Post{Slug: fmt.Sprintf("stretch-%03d", i), Title: fmt.Sprintf("Routine %d", i),
			Author: "ann-lee", Category: "research", Status: clinic.StatusPublished, PublishedAt: day(-10 - i),
			Body: strings.Repeat("Stretch slowly. ", 1+i%7) + strings.Repeat("Breathe. ", 1+i)})
	}
	return b
}

func TestSearchPagesThroughTheResults(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, stretchBundle(23))
		search := func(offset, limit int) *clinic.SearchResults {
			t.Helper()
			found, err := db.Search(ctx, clinic.SearchQuery{Text: "stretch", Now: testNow, Offset: offset, Limit: limit})
			if err != nil {
				t.Fatal(err)
			}
			return found
		}
		all := search(0, 100)
		if len(all.Results) != 23 || all.Total != 23 {
			t.Fatalf("one page of 100 holds %d results of %d, want 23 of 23", len(all.Results), all.Total)
		}
		t.Run("pages of ten follow one another without gap or repeat", func(t *testing.T) {
			var got []hit
			for _, offset := range []int{0, 10, 20} {
				page := search(offset, 10)
				if page.Total != 23 {
					t.Errorf("page at %d says %d results, want 23", offset, page.Total)
				}
				got = append(got, hits(page.Results)...)
			}
			if diff := cmp.Diff(hits(all.Results), got); diff != "" {
				t.Errorf("pages of ten (-one page +pages):\n%s", diff)
			}
		})
		t.Run("a page beyond the last is empty and still counts the results", func(t *testing.T) {
			for _, offset := range []int{23, 30, 1 << 40} {
				if page := search(offset, 10); len(page.Results) != 0 || page.Total != 23 {
					t.Errorf("offset %d: %d results of %d, want 0 of 23", offset, len(page.Results), page.Total)
				}
			}
		})
		t.Run("a negative offset is the first page", func(t *testing.T) {
			if diff := cmp.Diff(hits(search(0, 10).Results), hits(search(-5, 10).Results)); diff != "" {
				t.Errorf("(-offset 0 +offset -5):\n%s", diff)
			}
		})
		t.Run("every result on a page has its snippet", func(t *testing.T) {
			for _, r := range search(10, 10).Results {
				if !strings.Contains(r.Snippet, clinic.SnippetStart) {
					t.Errorf("%s: snippet %q marks no match", r.Slug, r.Snippet)
				}
			}
		})
	})
}

func TestSearchCountsTheRankedPostsOnly(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, stretchBundle(maxRankedPosts+5))
		for _, tt := range []struct {
			name          string
			offset, count int
		}{
			{"the last page holds the last ranked posts", maxRankedPosts - 4, 4},
			{"the page after it is empty", maxRankedPosts, 0},
		} {
			t.Run(tt.name, func(t *testing.T) {
				found, err := db.Search(ctx, clinic.SearchQuery{Text: "stretch", Now: testNow, Offset: tt.offset, Limit: 10})
				if err != nil {
					t.Fatal(err)
				}
				if len(found.Results) != tt.count || found.Total != maxRankedPosts {
					t.Errorf("%d results of %d, want %d of %d", len(found.Results), found.Total, tt.count, maxRankedPosts)
				}
			})
		}
	})
}
