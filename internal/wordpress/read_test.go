package wordpress

import (
	"strings"
	"testing"
	"time"

	"clinic"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func readSite(t *testing.T, x *wxr) *Site {
	t.Helper()
	s, err := Read(strings.NewReader(x.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestReadHeaderAndTerms(t *testing.T) {
	t.Parallel()
	s := readSite(t, clinicSite())
	want := &Site{
		Title: "Cascade Spine Institute", Link: siteURL, BaseSiteURL: siteURL, BaseBlogURL: siteURL, Version: "1.2",
		Generator: "https://wordpress.org/?v=6.6.2",
		Authors:   clinicSite().authors, Categories: clinicSite().categories, Tags: clinicSite().tags,
		Skipped:  map[string]int{"nav_menu_item": 2, "wp_navigation": 1, "testimonial": 1, "wp_global_styles": 1, "wp_block": 1},
		Blocks:   map[int]string{300: "<!-- wp:paragraph -->\n<p><strong>Call us</strong> at 555-0100 to book.</p>\n<!-- /wp:paragraph -->"},
		Comments: 2,
	}
	if diff := cmp.Diff(want, s, cmpopts.IgnoreFields(Site{}, "Items")); diff != "" {
		t.Errorf("Read (-want +got):\n%s", diff)
	}
	var ids []int
	for _, it := range s.Items {
		ids = append(ids, it.ID)
	}
	wantIDs := []int{100, 101, 102, 103, 104, 105, 106, 107, 108, 110, 109, 111, 112, 113, 114, 115, 116}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("Read kept other items than the posts, pages and attachments (-want +got):\n%s", diff)
	}
}

func TestReadItems(t *testing.T) {
	t.Parallel()
	s := readSite(t, clinicSite())
	byID := map[int]Item{}
	for _, it := range s.Items {
		byID[it.ID] = it
	}
	date := func(s string) time.Time {
		d, err := time.Parse(time.DateTime, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	tests := []struct {
		name string
		want Item
	}{
		{`a block-editor post keeps its content, "]]>" and all`, Item{ID: 101, Type: "post", Status: "publish",
			Title: "Acupuncture for chronic back pain", Link: siteURL + "/2020/06/22/acupuncture-for-chronic-back-pain/",
			Creator: "mreyes", Content: acupunctureContent, Name: "acupuncture-for-chronic-back-pain",
			Date: date("2020-06-22 09:00:00"), DateGMT: date("2020-06-22 16:00:00"),
			Modified: date("2024-03-05 10:15:00"), ModifiedGMT: date("2024-03-05 18:15:00"),
			Terms: acupuncturePost().terms, Meta: acupuncturePost().meta}},
		{"a draft keeps its empty slug and zero GMT date", Item{ID: 105, Type: "post", Status: "draft",
			Title: "Ergonomía en la oficina: 座り方 and 💺", Link: siteURL + "/?p=105", Creator: "jpark",
			Content: "Sitting well matters — 座り方が大事 🙂\n\nSet the screen at eye height.",
			Date:    date("2024-05-01 09:30:00"), Modified: date("2024-05-01 09:30:00"),
			Terms: []Term{{"post_tag", "posture", "Posture"}}}},
		{"an attachment keeps its address, parent and custom fields", Item{ID: 103, Type: "attachment", Status: "inherit",
			Title: "Pilates class", Link: siteURL + "/?attachment_id=103", Creator: "mreyes", Name: "pilates-class", Parent: 102,
			Date: date("2020-06-20 10:00:00"), DateGMT: date("2020-06-20 17:00:00"),
			Modified: date("2020-06-20 10:00:00"), ModifiedGMT: date("2020-06-20 17:00:00"),
			AttachmentURL: siteURL + "/wp-content/uploads/2021/03/pilates-class-scaled.jpg",
			Meta: []Meta{{"_wp_attached_file", "2021/03/pilates-class-scaled.jpg"},
				{"_wp_attachment_metadata", attachmentMetadata("2021/03/pilates-class-scaled.jpg", []string{"300x200"})},
				{"_wp_attachment_image_alt", "A Pilates class"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, byID[tt.want.ID], cmpopts.IgnoreFields(Item{}, "Line")); diff != "" {
				t.Errorf("item %d (-want +got):\n%s", tt.want.ID, diff)
			}
		})
	}
}

func TestReadOlderVersionsAndEncodings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, doc, wantTitle string
	}{
		{"WXR 1.1 is read", strings.Replace(minimal("1.1"), "<title>Post</title>", "<title>Post 1.1</title>", 1), "Post 1.1"},
		{"a Latin-1 file is decoded", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n" +
			strings.Replace(minimal("1.2"), "<title>Post</title>", "<title>Caf\xe9</title>", 1), "Café"},
		{"HTML entities in text are decoded", strings.Replace(minimal("1.2"), "<title>Post</title>", "<title>A&nbsp;&amp;&nbsp;B</title>", 1), "A\u00a0&\u00a0B"},
		{"a file without namespace declarations is read", strings.NewReplacer(` xmlns:wp="http://wordpress.org/export/1.2/"`, "").Replace(minimal("1.2")), "Post"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(strings.NewReader(tt.doc))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Items) != 1 || s.Items[0].Title != tt.wantTitle {
				t.Errorf("items = %+v, want one titled %q", s.Items, tt.wantTitle)
			}
		})
	}
}

// minimal is the smallest export: one post.
func minimal(version string) string {
	return `<rss version="2.0" xmlns:wp="http://wordpress.org/export/` + version + `/">
<channel>
<wp:wxr_version>` + version + `</wp:wxr_version>
<item><title>Post</title><wp:post_id>1</wp:post_id><wp:post_type>post</wp:post_type></item>
</channel>
</rss>`
}

func TestReadRefusesWhatIsNoExport(t *testing.T) {
	t.Parallel()
	full := clinicSite().String()
	tests := []struct {
		name, doc, want string
	}{
		{"an empty file", "", "line 1: the file holds no XML element"},
		{"text that is not XML", "Title,Date\nHello,2024-01-01\n", "line 1: text before the first element: this is not XML"},
		{"an HTML page", "<!DOCTYPE html>\n<html><body><p>Hi</p></body></html>", "line 2: the document is <html>, not a WordPress export"},
		{"an Atom feed", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"></feed>`, "the document is <feed>"},
		{"an RSS feed that is not an export", "<rss version=\"2.0\">\n<channel><title>News</title><item><title>A</title></item></channel></rss>",
			"line 2: an RSS feed, but not a WordPress export: it has no <wp:wxr_version>"},
		{"an RSS feed without items that is not an export", "<rss version=\"2.0\">\n<channel><title>News</title></channel></rss>",
			"line 1: an RSS feed, but not a WordPress export: it has no <wp:wxr_version>"},
		{"an RSS document without a channel", `<rss version="2.0"></rss>`, "line 1: the feed has no <channel>"},
		{"an export cut short", full[:len(full)/2], "the file ends inside an element; is it cut short?"},
		{"an export missing its last lines", strings.TrimSuffix(full, "\t</channel>\n</rss>\n"), "the file ends inside an element"},
		{"an unknown WXR version", strings.Replace(minimal("1.2"), "<wp:wxr_version>1.2", "<wp:wxr_version>2.0", 1),
			`line 3: WXR version "2.0" is not one this importer reads`},
		{"an item without a title", strings.Replace(minimal("1.2"), "<title>Post</title>", "", 1), "line 4: an item has no <title>"},
		{"an item without an ID", strings.Replace(minimal("1.2"), "<wp:post_id>1</wp:post_id>", "", 1), "line 4: an item has no <wp:post_id>"},
		{"an item without a post type", strings.Replace(minimal("1.2"), "<wp:post_type>post</wp:post_type>", "", 1),
			"line 4: item 1 has no <wp:post_type>"},
		{"an ID that is not a number", strings.Replace(minimal("1.2"), "<wp:post_id>1<", "<wp:post_id>one<", 1),
			`line 4: <wp:post_id> is "one", not a number`},
		{"a date that is not a date", strings.Replace(minimal("1.2"), "</item>", "<wp:post_date_gmt>yesterday</wp:post_date_gmt></item>", 1),
			`line 4: <wp:post_date_gmt> is "yesterday", not a date`},
		{"two items with one ID", strings.Replace(minimal("1.2"), "</channel>",
			"<item>\n<title>Again</title><wp:post_id>1</wp:post_id><wp:post_type>page</wp:post_type></item></channel>", 1),
			"line 5: item 1 appears twice (first on line 4)"},
		{"an element where text belongs", strings.Replace(minimal("1.2"), "<title>Post</title>", "<title><b>Post</b></title>", 1),
			"line 4: <title> holds an element <b> where text belongs"},
		{"tags that do not match", strings.Replace(minimal("1.2"), "</item>", "</itme>", 1), "line 4: not well-formed XML"},
		{"an unknown character encoding", `<?xml version="1.0" encoding="x-no-such"?><rss/>`, "line 1:"},
		{"elements nested far too deep", "<rss><channel>\n" + strings.Repeat("<x>", 100000) + strings.Repeat("</x>", 100000) + "</channel></rss>",
			"line 2: elements are nested more than 32 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Read(strings.NewReader(tt.doc))
			if err == nil {
				t.Fatalf("Read = %+v, want an error", s)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Read error = %q, want it to say %q", err, tt.want)
			}
			if kind := clinic.ErrorKind(err); kind != clinic.EInvalid {
				t.Errorf("error kind = %q, want %q", kind, clinic.EInvalid)
			}
		})
	}
}
