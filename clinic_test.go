package clinic_test

import (
	"strings"
	"testing"
	"time"

	"clinic"

	"github.com/google/go-cmp/cmp"
)

func TestRelatedPosts(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2024, 1, d, 9, 0, 0, 0, time.UTC) }
	p := &clinic.Post{Slug: "p", Category: "back-pain", Tags: []string{"Sciatica", "Exercise"}}
	posts := []*clinic.Post{
		p,
		{Slug: "one-tag-old", Category: "news", Tags: []string{"sciatica"}, PublishedAt: day(1)},
		{Slug: "one-tag-new", Category: "news", Tags: []string{"Exercise"}, PublishedAt: day(5)},
		{Slug: "category-only", Category: "back-pain", PublishedAt: day(9)},
		{Slug: "two-tags", Category: "news", Tags: []string{"Exercise", "Sciatica"}, PublishedAt: day(2)},
		{Slug: "tag-and-category", Category: "back-pain", Tags: []string{"Exercise"}, PublishedAt: day(3)},
		{Slug: "nothing-shared", Category: "news", Tags: []string{"Kids"}, PublishedAt: day(10)},
	}
	tests := []struct {
		name string
		n    int
		want []string
	}{
		{"ranks by shared tags and category, then recency", 10, []string{"two-tags", "tag-and-category", "one-tag-new", "one-tag-old", "category-only"}},
		{"stops at n", 2, []string{"two-tags", "tag-and-category"}},
		{"returns nothing for n zero", 0, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []string{}
			for _, r := range clinic.RelatedPosts(p, posts, tt.n) {
				got = append(got, r.Slug)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("RelatedPosts (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSlugify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Chronic pain", "chronic-pain"},
		{"  Sciatica & Legs  ", "sciatica-legs"},
		{"Über Café", "uber-cafe"},
		{"Mo-Fr 8:00", "mo-fr-8-00"},
		{"背中", ""},
		{"--", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := clinic.Slugify(tt.in); got != tt.want {
				t.Errorf("Slugify(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestContactMessageValidate(t *testing.T) {
	ok := clinic.ContactMessage{Name: "Ana", Email: "ana@example.com", Message: "Hello"}
	long := func(n int) string { return strings.Repeat("é", n) }
	tests := []struct {
		name  string
		edit  func(m *clinic.ContactMessage)
		field string // "" when valid
	}{
		{"a complete message is valid", func(m *clinic.ContactMessage) {}, ""},
		{"an empty name is refused", func(m *clinic.ContactMessage) { m.Name = "" }, "name"},
		{"an empty message is refused", func(m *clinic.ContactMessage) { m.Message = "" }, "message"},
		{"an email without @ is refused", func(m *clinic.ContactMessage) { m.Email = "ana.example.com" }, "email"},
		{"an email without a dot in the domain is refused", func(m *clinic.ContactMessage) { m.Email = "ana@localhost" }, "email"},
		{"an email with a display name is refused", func(m *clinic.ContactMessage) { m.Email = "Ana <ana@example.com>" }, "email"},
		{"a message over the limit is refused", func(m *clinic.ContactMessage) { m.Message = long(clinic.MaxMessageLen + 1) }, "message"},
		{"a message at the limit is fine", func(m *clinic.ContactMessage) { m.Message = long(clinic.MaxMessageLen) }, ""},
		{"invalid UTF-8 is refused", func(m *clinic.ContactMessage) { m.Name = "A\xffna" }, "name"},
		{"a NUL byte is refused", func(m *clinic.ContactMessage) { m.Message = "hi\x00" }, "message"},
		{"letters in a phone number are refused", func(m *clinic.ContactMessage) { m.Phone = "call me" }, "phone"},
		{"a phone number with punctuation is fine", func(m *clinic.ContactMessage) { m.Phone = "+1 (425) 555-0100" }, ""},
		{"a line break in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\r\nBcc: all@example.com" }, "name"},
		{"a bare line feed in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\nLee" }, "name"},
		{"a tab in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\tLee" }, "name"},
		{"an escape character in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\x1b[31mLee" }, "name"},
		{"a next-line character in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\u0085Lee" }, "name"},
		{"a Unicode line separator in a name is refused", func(m *clinic.ContactMessage) { m.Name = "Ana\u2028Lee" }, "name"},
		{"a line break in a phone number is refused", func(m *clinic.ContactMessage) { m.Phone = "555\r\n0100" }, "phone"},
		{"line breaks in the message are fine", func(m *clinic.ContactMessage) { m.Message = "Hello,\n\nmy back hurts." }, ""},
		{"accents and apostrophes in a name are fine", func(m *clinic.ContactMessage) { m.Name = "Zoë O'Brien-García" }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := ok
			tt.edit(&m)
			m.Normalize()
			errs := m.Validate()
			if tt.field == "" && errs != nil {
				t.Fatalf("Validate() = %v, want no errors", errs)
			}
			if tt.field != "" && errs[tt.field] == "" {
				t.Fatalf("Validate() = %v, want an error for %q", errs, tt.field)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want, problem string
	}{
		{"1968-04-21", "1968-04-21", ""},
		{"04/21/1968", "1968-04-21", ""},
		{"4/1/1968", "1968-04-01", ""},
		{"2000-02-29", "2000-02-29", ""},
		{"1980-02-30", "", "February 30, 1980 does not exist: February 1980 has 29 days."},
		{"1981-02-29", "", "February 29, 1981 does not exist: February 1981 has 28 days."},
		{"1968-04-31", "", "April 31, 1968 does not exist: April 1968 has 30 days."},
		{"1968-13-01", "", "Please check the month: it goes from 1 to 12."},
		{"1968-00-10", "", "Please check the month: it goes from 1 to 12."},
		{"1968-04-00", "", "April 0, 1968 does not exist: April 1968 has 30 days."},
		{"21.04.1968", "", "Please enter the date as month, day and year, such as 04/21/1968."},
		{"4/21/68", "", "Please enter the date as month, day and year, such as 04/21/1968."},
		{"1968-4-21", "", "Please enter the date as month, day and year, such as 04/21/1968."},
		{"1968-04-21T00:00", "", "Please enter the date as month, day and year, such as 04/21/1968."},
		{"yesterday", "", "Please enter the date as month, day and year, such as 04/21/1968."},
		{"", "", "Please enter the date as month, day and year, such as 04/21/1968."},
	}
	for _, tt := range tests {
		got, problem := clinic.ParseDate(tt.in)
		if problem != tt.problem || (tt.want != "" && got.Format(time.DateOnly) != tt.want) {
			t.Errorf("ParseDate(%q) = %v, %q; want %s, %q", tt.in, got.Format(time.DateOnly), problem, tt.want, tt.problem)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"1968-04-21", "04/21/1968", "1980-02-30", "-1/-1/-1", "9999999999/1/1", "1/ 1/1000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, problem := clinic.ParseDate(s)
		if problem == "" && d.Format(time.DateOnly) != s && d.Format("01/02/2006") != s && d.Format("1/2/2006") != s &&
			d.Format("01/2/2006") != s && d.Format("1/02/2006") != s {
			t.Errorf("ParseDate(%q) accepted it as %v", s, d)
		}
	})
}
