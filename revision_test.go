package clinic

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestPostChanges(t *testing.T) {
	at := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	base := Post{Slug: "sciatica-basics", Title: "Sciatica basics", Description: "What it is.", Author: "dr-a",
		Category: "back-pain", Tags: []string{"Sciatica", "Nerves"}, Status: StatusPublished, PublishedAt: at,
		Body: "One.\n\nTwo.\n\nThree.\n\nFour."}
	cases := []struct {
		name string
		edit func(*Post)
		want string
	}{
		{"nothing changed says so", func(p *Post) {}, "no changes"},
		{"a new title is named", func(p *Post) { p.Title = "Sciatica, explained" }, "title changed"},
		{"paragraphs edited and tags added are counted", func(p *Post) {
			p.Title = "Sciatica, explained"
			p.Body = "One, longer.\n\nTwo.\n\nThree, longer.\n\nFour, longer."
			p.Tags = append(p.Tags, "Leg pain")
		}, "title changed; 3 paragraphs edited; tags: +Leg pain"},
		{"a paragraph added at the end", func(p *Post) { p.Body += "\n\nFive." }, "1 paragraph added"},
		{"a paragraph removed from the middle", func(p *Post) { p.Body = "One.\n\nThree.\n\nFour." }, "1 paragraph removed"},
		{"an edit beside an insertion", func(p *Post) { p.Body = "One.\n\nTwo, again.\n\nNew.\n\nThree.\n\nFour." }, "1 paragraph edited, 1 added"},
		{"line endings and blank lines alone are no change", func(p *Post) { p.Body = "One.\r\n\r\n\r\nTwo.\n\nThree.\n\nFour.\n" }, "no changes"},
		{"a tag removed", func(p *Post) { p.Tags = []string{"Sciatica"} }, "tags: −Nerves"},
		{"tags in another order", func(p *Post) { p.Tags = []string{"Nerves", "Sciatica"} }, "tags reordered"},
		{"a new address and status", func(p *Post) { p.Slug, p.Status = "sciatica", StatusDraft }, "address changed; status: published → draft"},
		{"a new publish time", func(p *Post) { p.PublishedAt = at.Add(time.Hour) }, "publish time changed"},
		{"author, category and description", func(p *Post) { p.Author, p.Category, p.Description = "dr-b", "nerves", "" },
			"description changed; author changed; category changed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := base
			b.Tags = append([]string(nil), base.Tags...)
			c.edit(&b)
			if got := PostChanges(&base, &b); got != c.want {
				t.Errorf("PostChanges = %q, want %q", got, c.want)
			}
		})
	}
	t.Run("the first revision has nothing before it", func(t *testing.T) {
		if got := PostChanges(nil, &base); got != "first version" {
			t.Errorf("got %q", got)
		}
	})
}

func TestParagraphChangesOnLongTexts(t *testing.T) {
	var a, b []string
	for i := range 3000 {
		a = append(a, "Paragraph "+strings.Repeat("x", i%7)+" number "+strconv.Itoa(i))
		b = append(b, "Changed "+strconv.Itoa(i))
	}
	edited, added, removed := ParagraphChanges(strings.Join(a, "\n\n"), strings.Join(b, "\n\n"))
	if edited != 3000 || added != 0 || removed != 0 {
		t.Errorf("past the grid: %d edited, %d added, %d removed", edited, added, removed)
	}
	b = append(append([]string{}, a[:1500]...), append([]string{"Inserted."}, a[1500:]...)...)
	if e, ad, r := ParagraphChanges(strings.Join(a, "\n\n"), strings.Join(b, "\n\n")); e != 0 || ad != 1 || r != 0 {
		t.Errorf("one insertion in a long text: %d edited, %d added, %d removed", e, ad, r)
	}
}

func TestCheckStaysLive(t *testing.T) {
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	live := &Post{Status: StatusPublished, PublishedAt: now.Add(-time.Hour)}
	draft := &Post{Status: StatusDraft}
	cases := []struct {
		name         string
		stored, next *Post
		refused      bool
	}{
		{"a live post saved as a draft is refused", live, draft, true},
		{"a live post scheduled for later is refused", live, &Post{Status: StatusScheduled, PublishedAt: now.Add(time.Hour)}, true},
		{"a live post updated stays live", live, &Post{Status: StatusPublished, PublishedAt: now.Add(-time.Hour)}, false},
		{"a draft may stay a draft", draft, draft, false},
		{"a draft may be published", draft, live, false},
		{"a post scheduled for later may become a draft", &Post{Status: StatusScheduled, PublishedAt: now.Add(time.Hour)}, draft, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := CheckStaysLive(c.stored, c.next, now)
			if (err != nil) != c.refused || err != nil && ErrorKind(err) != EConflict {
				t.Errorf("err = %v, refused %v", err, c.refused)
			}
		})
	}
}

func FuzzParagraphChanges(f *testing.F) {
	f.Add("One.\n\nTwo.", "One.\n\nTwo, changed.\n\nThree.")
	f.Add("", "x")
	f.Add("a\r\n\r\nb", "b\n\na")
	f.Fuzz(func(t *testing.T, a, b string) {
		edited, added, removed := ParagraphChanges(a, b)
		na, nb := len(Paragraphs(a)), len(Paragraphs(b))
		if edited < 0 || added < 0 || removed < 0 || edited+removed > na || edited+added > nb {
			t.Fatalf("%d edited, %d added, %d removed of %d and %d paragraphs", edited, added, removed, na, nb)
		}
		if nb-na != added-removed {
			t.Fatalf("%d added and %d removed do not take %d paragraphs to %d", added, removed, na, nb)
		}
		if e, ad, r := ParagraphChanges(a, a); e+ad+r != 0 {
			t.Fatalf("a text differs from itself: %d %d %d", e, ad, r)
		}
	})
}
