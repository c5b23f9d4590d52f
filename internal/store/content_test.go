package store

import (
	"context"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// visibilityBundle is richBundle with posts in every state. At testNow
// the visible ones, newest first, are posture, acupuncture, backpacks and
// family-history (published, with no time).
func visibilityBundle() *clinic.Bundle {
	b := richBundle()
	b.Posts = append(b.Posts,
		&clinic.Post{Slug: "posture", Title: "Posture at the desk", Author: "ben-ortiz", Category: "exercise",
			Tags: []string{"Back pain"}, Status: clinic.StatusScheduled, PublishedAt: day(-1), Body: "Sit tall."},
		&clinic.Post{Slug: "future-news", Title: "News from the future", Author: "ann-lee", Category: "research",
			Status: clinic.StatusPublished, PublishedAt: day(2), Body: "Not yet."},
		&clinic.Post{Slug: "family-history", Title: "Family history and low back pain", Author: "ann-lee",
			Category: "research", Status: clinic.StatusPublished, Body: "Genes matter a little."},
		&clinic.Post{Slug: "undated-plan", Title: "A scheduled post with no time", Author: "ann-lee",
			Category: "research", Status: clinic.StatusScheduled, Body: "Never shown."},
	)
	return b
}

func slugsOf(ps []*clinic.Post) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Slug)
	}
	return out
}

func TestPostIsFoundOnlyWhenVisible(t *testing.T) {
	t.Parallel()
	tests := []struct {
		slug    string
		now     time.Time
		visible bool
	}{
		{"acupuncture", testNow, true},
		{"posture", testNow, true},
		{"family-history", testNow, true},
		{"pilates-for-back-pain", testNow, false},
		{"pilates-for-back-pain", day(7), true},
		{"future-news", testNow, false},
		{"future-news", day(2), true},
		{"torn-disc", day(1000), false},
		{"undated-plan", day(1000), false},
		{"no-such-post", testNow, false},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, visibilityBundle())
		for _, tt := range tests {
			name := tt.slug + " is hidden at " + tt.now.Format(time.DateOnly)
			if tt.visible {
				name = tt.slug + " is visible at " + tt.now.Format(time.DateOnly)
			}
			t.Run(name, func(t *testing.T) {
				p, err := db.Post(context.Background(), tt.slug, tt.now)
				switch {
				case tt.visible && err != nil:
					t.Fatalf("Post: %v", err)
				case tt.visible && p.Slug != tt.slug:
					t.Errorf("Post returned %q", p.Slug)
				case !tt.visible && clinic.ErrorKind(err) != clinic.ENotFound:
					t.Errorf("Post = %v, %v; want not found", p, err)
				}
			})
		}
	})
}

func TestPostCarriesItsTags(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, visibilityBundle())
		p, err := db.Post(context.Background(), "acupuncture", testNow)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(richBundle().Posts[1], p); diff != "" {
			t.Errorf("post (-want +got):\n%s", diff)
		}
	})
}

func TestPostsListsVisiblePostsNewestFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		filter clinic.PostFilter
		want   []string
		total  int
	}{
		{"all visible posts", clinic.PostFilter{Now: testNow},
			[]string{"posture", "acupuncture", "backpacks", "family-history"}, 4},
		{"a page of two after the first", clinic.PostFilter{Now: testNow, Limit: 2, Offset: 1},
			[]string{"acupuncture", "backpacks"}, 4},
		{"a page past the end", clinic.PostFilter{Now: testNow, Limit: 2, Offset: 10}, nil, 4},
		{"by tag", clinic.PostFilter{Now: testNow, Tag: "back-pain"}, []string{"posture", "acupuncture"}, 2},
		{"by tag, one per page", clinic.PostFilter{Now: testNow, Tag: "back-pain", Limit: 1}, []string{"posture"}, 2},
		{"by category", clinic.PostFilter{Now: testNow, Category: "exercise"}, []string{"posture", "backpacks"}, 2},
		{"by author", clinic.PostFilter{Now: testNow, Author: "ann-lee"}, []string{"acupuncture", "family-history"}, 2},
		{"by author and category", clinic.PostFilter{Now: testNow, Author: "ben-ortiz", Category: "research"}, nil, 0},
		{"by a tag only drafts have", clinic.PostFilter{Now: testNow, Tag: "discs"}, nil, 0},
		{"a week later, with the scheduled post", clinic.PostFilter{Now: day(7), Category: "exercise"},
			[]string{"pilates-for-back-pain", "posture", "backpacks"}, 3},
		{"with no time given, now by the store's clock", clinic.PostFilter{Tag: "back-pain"},
			[]string{"posture", "acupuncture"}, 2},
	}
	forEachDialect(t, func(t *testing.T, db *DB) {
		mustImport(t, db, visibilityBundle())
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				ps, total, err := db.Posts(context.Background(), tt.filter)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(tt.want, slugsOf(ps)); diff != "" {
					t.Errorf("posts (-want +got):\n%s", diff)
				}
				if total != tt.total {
					t.Errorf("total = %d, want %d", total, tt.total)
				}
			})
		}
	})
}

func TestReadsOfSingleItems(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b := richBundle()
		mustImport(t, db, b)
		got := &clinic.Bundle{}
		var err error
		get := func(f func() error) {
			if err == nil {
				err = f()
			}
		}
		var s *clinic.Settings
		get(func() (err error) { s, err = db.Settings(ctx); return })
		var page *clinic.Page
		get(func() (err error) { page, err = db.Page(ctx, "about"); return })
		var tr *clinic.Treatment
		get(func() (err error) { tr, err = db.Treatment(ctx, "kyphoplasty"); return })
		var doc *clinic.Doctor
		get(func() (err error) { doc, err = db.Doctor(ctx, "ann-lee"); return })
		var loc *clinic.Location
		get(func() (err error) { loc, err = db.Location(ctx, "seattle"); return })
		var cat *clinic.Category
		get(func() (err error) { cat, err = db.Category(ctx, "research"); return })
		var red *clinic.Redirect
		get(func() (err error) { red, err = db.Redirect(ctx, "/old-about/"); return })
		var tag *clinic.Tag
		get(func() (err error) { tag, err = db.Tag(ctx, "back-pain"); return })
		if err != nil {
			t.Fatal(err)
		}
		got.Settings, got.Pages, got.Treatments, got.Doctors = *s, []*clinic.Page{page}, []*clinic.Treatment{tr}, []*clinic.Doctor{doc}
		got.Locations, got.Categories, got.Redirects = []*clinic.Location{loc}, []*clinic.Category{cat}, []*clinic.Redirect{red}
		want := &clinic.Bundle{Settings: b.Settings, Pages: b.Pages[:1], Treatments: b.Treatments[3:4],
			Doctors: b.Doctors[:1], Locations: b.Locations[:1], Categories: b.Categories[1:], Redirects: b.Redirects[1:]}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("single reads (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff(&clinic.Tag{Slug: "back-pain", Name: "Back pain"}, tag); diff != "" {
			t.Errorf("tag (-want +got):\n%s", diff)
		}
	})
}

func TestReadsOfMissingItemsAreNotFound(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		reads := map[string]func() error{
			"page":       func() error { _, err := db.Page(ctx, "nope"); return err },
			"treatment":  func() error { _, err := db.Treatment(ctx, "nope"); return err },
			"doctor":     func() error { _, err := db.Doctor(ctx, "nope"); return err },
			"location":   func() error { _, err := db.Location(ctx, "nope"); return err },
			"category":   func() error { _, err := db.Category(ctx, "nope"); return err },
			"tag":        func() error { _, err := db.Tag(ctx, "nope"); return err },
			"redirect":   func() error { _, err := db.Redirect(ctx, "/nope/"); return err },
			"empty slug": func() error { _, err := db.Page(ctx, ""); return err },
		}
		for what, read := range reads {
			t.Run("a missing "+what+" is not found", func(t *testing.T) {
				if err := read(); clinic.ErrorKind(err) != clinic.ENotFound {
					t.Errorf("error = %v, want not found", err)
				}
			})
		}
	})
}

func TestListsAreInTheirOrder(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		b := richBundle()
		mustImport(t, db, b)
		tags, err := db.Tags(ctx)
		if err != nil {
			t.Fatal(err)
		}
		wantTags := []*clinic.Tag{{Slug: "acupuncture", Name: "Acupuncture"}, {Slug: "back-pain", Name: "Back pain"},
			{Slug: "discs", Name: "Discs"}, {Slug: "exercise", Name: "Exercise"}}
		if diff := cmp.Diff(wantTags, tags); diff != "" {
			t.Errorf("tags (-want +got):\n%s", diff)
		}
		lists := []struct {
			name      string
			want, got any
			err       error
		}{
			{name: "pages", want: b.Pages}, {name: "treatments", want: b.Treatments},
			{name: "doctors", want: b.Doctors}, {name: "locations", want: b.Locations},
			{name: "categories", want: b.Categories}, {name: "videos", want: b.VideoFAQs},
			{name: "publications", want: b.Publications},
		}
		lists[0].got, lists[0].err = db.Pages(ctx)
		lists[1].got, lists[1].err = db.Treatments(ctx)
		lists[2].got, lists[2].err = db.Doctors(ctx)
		lists[3].got, lists[3].err = db.Locations(ctx)
		lists[4].got, lists[4].err = db.Categories(ctx)
		lists[5].got, lists[5].err = db.VideoFAQs(ctx)
		lists[6].got, lists[6].err = db.Publications(ctx)
		for _, l := range lists {
			if l.err != nil {
				t.Fatalf("%s: %v", l.name, l.err)
			}
			if diff := cmp.Diff(l.want, l.got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", l.name, diff)
			}
		}
	})
}
