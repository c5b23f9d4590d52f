package wordpress

import (
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/markdown"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var (
	importNow = time.Date(2024, 10, 2, 12, 0, 0, 0, time.UTC)
	pacific   = mustZone("America/Los_Angeles")
	doctors   = map[string]string{"mreyes": "maria-reyes-md", "jpark": "james-park-pa-c"}
)

func mustZone(name string) *time.Location {
	z, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return z
}

// testOptions import every media file except the desk-posture image, and
// map two of the three authors to doctors.
func testOptions() Options {
	return Options{Now: importNow, TimeZone: pacific,
		MediaURL: func(a *Attachment) (string, bool) {
			if a.Path == "" || a.ID == 104 {
				return "", false
			}
			return "/media/" + a.Path, true
		},
		Author: func(a Author) string { return doctors[a.Login] },
	}
}

func convertSite(t *testing.T) *Result {
	t.Helper()
	r, err := Convert(readSite(t, clinicSite()), testOptions())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func utc(s string) time.Time {
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		panic(err)
	}
	return t
}

const acupunctureMarkdown = "Acupuncture is one of the oldest treatments for pain. **Several trials** have found a *modest* benefit for chronic low back pain; see also [Pilates for back pain](/blog/pilates-for-back-pain).\n\n" +
	"## What the research says\n\n" +
	"### How it works\n\n" +
	"![Model of the lumbar spine](/media/2020/06/spine-model.jpg)\n\n" +
	"_The lower back has five *lumbar* vertebrae._\n\n" +
	"- Fine needles at set points\n  1. first visit\n  2. follow-up\n- Sessions of 20–30 minutes\n\n" +
	"> Most patients felt little or no pain from the needles.\n>\n> — Dr. María Reyes\n\n" +
	"---\n\n" +
	"| Treatment | Sessions |\n| --- | --- |\n| Acupuncture | 6–12 |\n| Massage \\| stretching | 4 |\n\n" +
	"_Typical courses_\n\n" +
	"[Watch the video on YouTube](https://www.youtube.com/watch?v=jppZxO4z7Kd)\n\n" +
	"_What happens at a visit_\n\n" +
	"[Meet the team](/team)\n\n" +
	"Left: what to expect\n\n" +
	"Right: what it costs\n\n" +
	"```\nif (scores[visit[0]]> 3) { refer(); }\n```\n\n" +
	"[Map of the Bellevue clinic](https://www.google.com/maps/embed?pb=bellevue)\n\n" +
	"**Call us** at 555-0100 to book.\n\n" +
	"Source: ![Chart of results](https://images.example.org/chart.png) — 1. a chart from elsewhere."

const pilatesMarkdown = "![Desk posture](https://cascadespine.example/wp-content/uploads/2022/01/desk-posture.png)\n\n" +
	"Pilates strengthens the deep muscles that support your spine.\\\nMany of our patients start with a beginner class.\n\n" +
	"![A Pilates class](/media/2021/03/pilates-class-scaled.jpg)\n\n" +
	"_A beginner class at our Kirkland clinic_\n\n" +
	"## Getting started\n\n" +
	"- Tell the instructor about your back.\n- Start **slowly**.\n\n" +
	"![Model of the lumbar spine](/media/2020/06/spine-model.jpg) ![A Pilates class](/media/2021/03/pilates-class-scaled.jpg)\n\n" +
	"[Watch the video on YouTube](https://www.youtube.com/watch?v=bO5FeYx9pM5)\n\n" +
	"[Watch the video on Vimeo](https://vimeo.com/76979871)\n\n" +
	"Book online or use the form below.\n\n" +
	"\\[contact-form-7 id=\"7\" title=\"Contact form 1\"\\]\n\n" +
	"To show a gallery, WordPress authors type \\[gallery\\].\n\n" +
	"Übungen für den Rücken: Brücke, Katze-Kuh. 日本語のテキスト 🧘"

func TestConvertPosts(t *testing.T) {
	t.Parallel()
	want := []*clinic.Post{
		{Slug: "acupuncture-for-chronic-back-pain", Title: "Acupuncture for chronic back pain",
			Description: "What research says about acupuncture for chronic low back pain.", Author: "maria-reyes-md",
			Category: "back-pain", Tags: []string{"Exercise", "Übungen"}, Status: clinic.StatusPublished,
			PublishedAt: utc("2020-06-22 16:00:00"), UpdatedAt: utc("2024-03-05 18:15:00"), Body: acupunctureMarkdown},
		{Slug: "pilates-for-back-pain", Title: "Pilates & your back", Description: "How Pilates can help & how to start.",
			Author: "james-park-pa-c", Category: "treatments", Tags: []string{"Exercise", "Posture"}, Status: clinic.StatusPublished,
			PublishedAt: utc("2021-09-14 15:00:00"), UpdatedAt: utc("2021-09-14 15:00:00"), Body: pilatesMarkdown},
		{Slug: "ergonomia-en-la-oficina-and", Title: "Ergonomía en la oficina: 座り方 and 💺",
			Description: "Sitting well matters — 座り方が大事 🙂 Set the screen at eye height.", Author: "james-park-pa-c",
			Category: "uncategorized", Tags: []string{"Posture"}, Status: clinic.StatusDraft,
			UpdatedAt: utc("2024-05-01 16:30:00"), // 09:30 in Seattle
			Body:      "Sitting well matters — 座り方が大事 🙂\n\nSet the screen at eye height."},
		{Slug: "spring-workshop", Title: "Spring workshop: stronger backs", Description: "Join us for a free workshop.",
			Author: "james-park-pa-c", Category: "treatments", Status: clinic.StatusScheduled,
			PublishedAt: utc("2030-03-01 17:00:00"), UpdatedAt: utc("2030-03-01 17:00:00"), Body: "Join us for a free workshop."},
		{Slug: "staff-notes", Title: "Staff notes", Description: "Internal only.", Author: "webeditor", Category: "uncategorized",
			Status: clinic.StatusDraft, PublishedAt: utc("2023-01-10 16:00:00"), UpdatedAt: utc("2023-01-10 16:00:00"), Body: "Internal only."},
		{Slug: "members-exercise-videos", Title: "Members: exercise videos", Description: "For patients only.", Author: "maria-reyes-md",
			Category: "treatments", Status: clinic.StatusDraft, PublishedAt: utc("2023-04-03 17:00:00"),
			UpdatedAt: utc("2023-04-03 17:00:00"), Body: "For patients only."},
		{Slug: "post-116", Title: "Notes on heat and ice for sore backs.", Description: "Notes on heat and ice for sore backs.",
			Author: "james-park-pa-c", Category: "uncategorized", Status: clinic.StatusDraft, UpdatedAt: utc("2024-09-02 17:00:00"),
			Body: "Notes on *heat* and ice for sore backs."},
	}
	got := convertSite(t).Bundle.Posts
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("posts (-want +got):\n%s", diff)
	}
}

func TestConvertPagesCategoriesRedirects(t *testing.T) {
	t.Parallel()
	r := convertSite(t)
	pages := []*clinic.Page{
		{Slug: "about-us", Title: "About us", Description: "We are a team of spine specialists. Download our intake checklist before your visit.",
			Body:      "We are a team of spine specialists. Download our [intake checklist](/media/2023/02/intake-checklist.pdf) before your visit.",
			UpdatedAt: utc("2024-02-01 17:00:00")},
		{Slug: "team", Title: "Our team", Description: "Meet the author of our acupuncture guide.",
			Body: "Meet [the author of our acupuncture guide](/blog/acupuncture-for-chronic-back-pain).", UpdatedAt: utc("2024-02-01 17:00:00")},
		{Slug: "offices", Title: "Our offices", Description: "Ten offices from Bellingham to Tacoma.",
			Body: "Ten offices from Bellingham to Tacoma.", UpdatedAt: utc("2024-02-01 17:00:00")},
		{Slug: "offices-team", Title: "Team", Description: "The front-desk team of each office.",
			Body: "The front-desk team of each office.", UpdatedAt: utc("2024-02-01 17:00:00")},
	}
	categories := []*clinic.Category{
		{Slug: "uncategorized", Name: "Uncategorized"},
		{Slug: "back-pain", Name: "Back Pain", Description: "Causes of back pain & what helps"},
		{Slug: "treatments", Name: "Treatments"},
		{Slug: "sciatica", Name: "Sciatica"},
		{Slug: "category-5", Name: "日本語"},
	}
	redirects := []*clinic.Redirect{
		{From: "/2020/06/22/acupuncture-for-chronic-back-pain/", To: "/blog/acupuncture-for-chronic-back-pain"},
		{From: "/2021/09/14/pilates-for-back-pain/", To: "/blog/pilates-for-back-pain"},
		{From: "/?p=101", To: "/blog/acupuncture-for-chronic-back-pain"},
		{From: "/?p=102", To: "/blog/pilates-for-back-pain"},
		{From: "/?p=107", To: "/about-us"},
		{From: "/?p=108", To: "/team"},
		{From: "/?p=109", To: "/offices-team"},
		{From: "/?p=110", To: "/offices"},
		{From: "/?page_id=107", To: "/about-us"},
		{From: "/?page_id=108", To: "/team"},
		{From: "/?page_id=109", To: "/offices-team"},
		{From: "/?page_id=110", To: "/offices"},
		{From: "/about-us/team/", To: "/team"},
		{From: "/category/back-pain/", To: "/blog/category/back-pain"},
		{From: "/category/back-pain/sciatica/", To: "/blog/category/sciatica"},
		{From: "/category/treatments/", To: "/blog/category/treatments"},
		{From: "/category/uncategorized/", To: "/blog/category/uncategorized"},
		{From: "/category/日本語/", To: "/blog/category/category-5"},
		{From: "/offices/team/", To: "/offices-team"},
		{From: "/tag/exercise/", To: "/blog/tag/exercise"},
		{From: "/tag/posture/", To: "/blog/tag/posture"},
		{From: "/tag/übungen/", To: "/blog/tag/ubungen"},
	}
	for _, c := range []struct {
		what      string
		want, got any
	}{
		{"pages", pages, r.Bundle.Pages},
		{"categories", categories, r.Bundle.Categories},
		{"redirects", redirects, r.Bundle.Redirects},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.what, diff)
		}
	}
}

func TestConvertMediaAndReport(t *testing.T) {
	t.Parallel()
	r := convertSite(t)
	upload := siteURL + "/wp-content/uploads/"
	media := []*Attachment{
		{ID: 100, URL: upload + "2020/06/spine-model.jpg", Path: "2020/06/spine-model.jpg", Title: "Spine model",
			Alt: "Model of the lumbar spine", Parent: 101, NewURL: "/media/2020/06/spine-model.jpg",
			UsedBy: []string{"post/acupuncture-for-chronic-back-pain", "post/pilates-for-back-pain"}},
		{ID: 103, URL: upload + "2021/03/pilates-class-scaled.jpg", Path: "2021/03/pilates-class-scaled.jpg", Title: "Pilates class",
			Alt: "A Pilates class", Parent: 102, NewURL: "/media/2021/03/pilates-class-scaled.jpg", UsedBy: []string{"post/pilates-for-back-pain"}},
		{ID: 104, URL: upload + "2022/01/desk-posture.png", Path: "2022/01/desk-posture.png", Title: "Desk posture", Parent: 102,
			UsedBy: []string{"post/pilates-for-back-pain"}},
		{ID: 115, URL: upload + "2023/02/intake-checklist.pdf", Path: "2023/02/intake-checklist.pdf", Title: "Intake checklist",
			Parent: 107, NewURL: "/media/2023/02/intake-checklist.pdf", UsedBy: []string{"page/about-us"}},
	}
	if diff := cmp.Diff(media, r.Media, cmpopts.IgnoreUnexported(Attachment{})); diff != "" {
		t.Errorf("media (-want +got):\n%s", diff)
	}
	acu, pil := "Acupuncture for chronic back pain", "Pilates & your back"
	report := Report{Posts: 7, Pages: 4, Drafts: 4, Scheduled: 1, Private: 1, Categories: 5, Tags: 3, Redirects: 22,
		Media: 4, MediaKept: 1, Trashed: 1, Comments: 2,
		Skipped: map[string]int{"nav_menu_item": 2, "testimonial": 1, "wp_block": 1, "wp_global_styles": 1, "wp_navigation": 1},
		Unconverted: []Problem{
			{3, "category", "Sciatica", "its place under Back Pain", "categories here are not nested; it stands on its own"},
			{101, "post", acu, "<iframe> from google.com", "the site does not show other sites' pages inside its own; kept as a link"},
			{101, "post", acu, "<script>", "left out: only text, links and images are imported"},
			{101, "post", acu, "block wp:latest-posts", "WordPress makes it when the page is shown; nothing to convert"},
			{101, "post", acu, "image from images.example.org", "kept, but the site's content security policy shows only images it serves itself"},
			{101, "post", acu, "its other categories: Sciatica", `a post has one category here; it is filed under "back-pain"`},
			{102, "post", pil, "shortcode [contact-form-7]", "kept as text: there is no equivalent here"},
			{102, "post", pil, "featured image 2022/01/desk-posture.png", "it is not in the media library; the old address is kept"},
			{111, "post", "Staff notes", "its privacy", "it was private in WordPress; imported as a draft"},
			{112, "post", "Old news", "the whole post", "it is in the WordPress trash; not imported"},
			{113, "post", "Members: exercise videos", "its password", "it was protected by a password; imported as a draft so that it stays hidden"},
			{114, "page", "New services", "the whole page", "it is a draft in WordPress and pages here are always public; not imported"},
			{116, "post", "", "its title", `it has none; titled "Notes on heat and ice for sore backs."`},
		},
	}
	if diff := cmp.Diff(report, r.Report); diff != "" {
		t.Errorf("report (-want +got):\n%s", diff)
	}
}

func TestConvertTwiceGivesTheSameResult(t *testing.T) {
	t.Parallel()
	first, second := convertSite(t), convertSite(t)
	if diff := cmp.Diff(first, second, cmpopts.IgnoreUnexported(Attachment{})); diff != "" {
		t.Errorf("second Convert differs (-first +second):\n%s", diff)
	}
}

func TestConvertedBodiesRenderWithoutRawHTML(t *testing.T) {
	t.Parallel()
	r := convertSite(t)
	md := markdown.New()
	bodies := map[string]string{}
	for _, p := range r.Bundle.Posts {
		bodies["post "+p.Slug] = p.Body
	}
	for _, p := range r.Bundle.Pages {
		bodies["page "+p.Slug] = p.Body
	}
	for name, body := range bodies {
		html, err := md.HTML(body)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(string(html), "raw HTML omitted") {
			t.Errorf("%s renders with raw HTML dropped:\n%s", name, html)
		}
	}
}

func TestConvertWithoutOptions(t *testing.T) {
	t.Parallel()
	r, err := Convert(readSite(t, clinicSite()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var authors []string
	for _, p := range r.Bundle.Posts {
		authors = append(authors, p.Author)
	}
	want := []string{"dr-maria-reyes", "james-park-pa-c", "james-park-pa-c", "james-park-pa-c", "webeditor", "dr-maria-reyes", "james-park-pa-c"}
	if diff := cmp.Diff(want, authors); diff != "" {
		t.Errorf("authors made from names (-want +got):\n%s", diff)
	}
	if r.Report.MediaKept != len(r.Media) {
		t.Errorf("without MediaURL %d of %d media files are kept at their old address, want all", r.Report.MediaKept, len(r.Media))
	}
	if _, err := Convert(nil, Options{}); clinic.ErrorKind(err) != clinic.EInvalid {
		t.Errorf("Convert(nil) error = %v, want an invalid-input error", err)
	}
}

func TestDescriptionSkipsTheFeaturedImage(t *testing.T) {
	t.Parallel()
	s := &Site{Link: siteURL, Items: []Item{
		{ID: 1, Type: "post", Status: "publish", Title: "Post", Name: "post", Content: "<p>Heat helps <em>stiff</em> backs.</p>",
			Meta: []Meta{{"_thumbnail_id", "100"}}},
		{ID: 100, Type: "attachment", Title: "Spine", AttachmentURL: siteURL + "/wp-content/uploads/2020/06/spine-model.jpg"},
	}}
	r, err := Convert(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	p := r.Bundle.Posts[0]
	if want := "Heat helps stiff backs."; p.Description != want {
		t.Errorf("description = %q, want %q (body %q)", p.Description, want, p.Body)
	}
}

func TestArchiveRedirectsFollowThePermalinkBases(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name                  string
		categoryBase, tagBase string
		want                  []*clinic.Redirect
	}{
		{"the default bases are category and tag", "", "", []*clinic.Redirect{
			{From: "/category/back-pain/", To: "/blog/category/back-pain"}, {From: "/tag/exercise/", To: "/blog/tag/exercise"}}},
		{"custom bases replace them", "/topics/", "labels", []*clinic.Redirect{
			{From: "/labels/exercise/", To: "/blog/tag/exercise"}, {From: "/topics/back-pain/", To: "/blog/category/back-pain"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Site{Link: siteURL, Categories: []Category{{ID: 2, Nicename: "back-pain", Name: "Back pain"}},
				Items: []Item{{ID: 1, Type: "post", Status: "draft", Title: "Post", Link: siteURL + "/?p=1",
					Terms: []Term{{"category", "back-pain", "Back pain"}, {"post_tag", "exercise", "Exercise"}}}}}
			r, err := Convert(s, Options{CategoryBase: tt.categoryBase, TagBase: tt.tagBase})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, r.Bundle.Redirects); diff != "" {
				t.Errorf("redirects (-want +got):\n%s", diff)
			}
		})
	}
}
