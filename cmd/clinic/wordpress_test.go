package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinic/internal/seal"
	"clinic/internal/store"
)

// smallExport is a WordPress 6 export of two posts by an author who is no
// doctor here, with a featured image, a draft and a page.
const smallExport = `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
	xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/"
	xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/"
	xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Old Spine Site</title>
	<link>https://old.example.com</link>
	<description>Just another WordPress site</description>
	<language>en-US</language>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://old.example.com</wp:base_site_url>
	<wp:base_blog_url>https://old.example.com</wp:base_blog_url>
	<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[webteam]]></wp:author_login><wp:author_email><![CDATA[web@example.com]]></wp:author_email><wp:author_display_name><![CDATA[Web Team]]></wp:author_display_name><wp:author_first_name><![CDATA[]]></wp:author_first_name><wp:author_last_name><![CDATA[]]></wp:author_last_name></wp:author>
	<wp:category><wp:term_id>2</wp:term_id><wp:category_nicename><![CDATA[spine-health]]></wp:category_nicename><wp:category_parent><![CDATA[]]></wp:category_parent><wp:cat_name><![CDATA[Spine health]]></wp:cat_name></wp:category>
	<generator>https://wordpress.org/?v=6.6.2</generator>
	<item>
		<title><![CDATA[Walking for a healthier back]]></title>
		<link>https://old.example.com/2021/04/12/walking-for-a-healthier-back/</link>
		<pubDate>Mon, 12 Apr 2021 16:00:00 +0000</pubDate>
		<dc:creator><![CDATA[webteam]]></dc:creator>
		<guid isPermaLink="false">https://old.example.com/?p=10</guid>
		<description></description>
		<content:encoded><![CDATA[<!-- wp:paragraph -->
<p>A daily walk is one of the <strong>simplest</strong> things you can do for your spine.</p>
<!-- /wp:paragraph -->]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>10</wp:post_id>
		<wp:post_date><![CDATA[2021-04-12 09:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2021-04-12 16:00:00]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2021-04-12 09:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2021-04-12 16:00:00]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[walking-for-a-healthier-back]]></wp:post_name>
		<wp:status><![CDATA[publish]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="spine-health"><![CDATA[Spine health]]></category>
		<category domain="post_tag" nicename="walking"><![CDATA[Walking]]></category>
		<wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[11]]></wp:meta_value></wp:postmeta>
	</item>
	<item>
		<title><![CDATA[Trail shoes]]></title>
		<link>https://old.example.com/wp-content/uploads/2021/04/trail-shoes.jpg</link>
		<pubDate>Mon, 12 Apr 2021 16:00:00 +0000</pubDate>
		<dc:creator><![CDATA[webteam]]></dc:creator>
		<guid isPermaLink="false">https://old.example.com/wp-content/uploads/2021/04/trail-shoes.jpg</guid>
		<description></description>
		<content:encoded><![CDATA[]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>11</wp:post_id>
		<wp:post_date><![CDATA[2021-04-12 09:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[2021-04-12 16:00:00]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2021-04-12 09:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2021-04-12 16:00:00]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[closed]]></wp:comment_status>
		<wp:ping_status><![CDATA[closed]]></wp:ping_status>
		<wp:post_name><![CDATA[trail-shoes]]></wp:post_name>
		<wp:status><![CDATA[inherit]]></wp:status>
		<wp:post_parent>10</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[attachment]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<wp:attachment_url><![CDATA[https://old.example.com/wp-content/uploads/2021/04/trail-shoes.jpg]]></wp:attachment_url>
		<wp:postmeta><wp:meta_key><![CDATA[_wp_attached_file]]></wp:meta_key><wp:meta_value><![CDATA[2021/04/trail-shoes.jpg]]></wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[A pair of trail shoes on a forest path]]></wp:meta_value></wp:postmeta>
	</item>
	<item>
		<title><![CDATA[Unfinished thoughts]]></title>
		<link>https://old.example.com/?p=12</link>
		<pubDate>Mon, 30 Nov -0001 00:00:00 +0000</pubDate>
		<dc:creator><![CDATA[webteam]]></dc:creator>
		<guid isPermaLink="false">https://old.example.com/?p=12</guid>
		<description></description>
		<content:encoded><![CDATA[Draft text.]]></content:encoded>
		<excerpt:encoded><![CDATA[]]></excerpt:encoded>
		<wp:post_id>12</wp:post_id>
		<wp:post_date><![CDATA[2024-01-02 10:00:00]]></wp:post_date>
		<wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
		<wp:post_modified><![CDATA[2024-01-02 10:00:00]]></wp:post_modified>
		<wp:post_modified_gmt><![CDATA[2024-01-02 18:00:00]]></wp:post_modified_gmt>
		<wp:comment_status><![CDATA[open]]></wp:comment_status>
		<wp:ping_status><![CDATA[open]]></wp:ping_status>
		<wp:post_name><![CDATA[]]></wp:post_name>
		<wp:status><![CDATA[draft]]></wp:status>
		<wp:post_parent>0</wp:post_parent>
		<wp:menu_order>0</wp:menu_order>
		<wp:post_type><![CDATA[post]]></wp:post_type>
		<wp:post_password><![CDATA[]]></wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
		<category domain="category" nicename="spine-health"><![CDATA[Spine health]]></category>
	</item>
</channel>
</rss>
`

func TestImportWordPress(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	export := filepath.Join(dir, "export.xml")
	uploads := filepath.Join(dir, "uploads")
	os.WriteFile(export, []byte(smallExport), 0o600)
	os.MkdirAll(filepath.Join(uploads, "2021", "04"), 0o700)
	os.WriteFile(filepath.Join(uploads, "2021", "04", "trail-shoes.jpg"), testPhoto(t), 0o600)
	data := newDataDir(t)
	if _, err := clinicRun(t, data, "content", "import", "../../content"); err != nil {
		t.Fatal(err)
	}

	_, err := clinicRun(t, data, "import-wordpress", export, "--uploads", uploads)
	if err == nil || !strings.Contains(err.Error(), "webteam") {
		t.Fatalf("an author with no doctor: %v", err)
	}
	args := []string{"import-wordpress", export, "--uploads", uploads, "--author", "webteam=dr-maya-lindqvist"}
	out, err := clinicRun(t, data, append(args, "--dry-run")...)
	if err != nil || !strings.Contains(out, "Dry run") || !strings.Contains(out, "Posts: 2 (1 drafts") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	db := openData(t, data)
	ctx := context.Background()
	if _, err := db.PostAny(ctx, "walking-for-a-healthier-back"); err == nil {
		t.Fatal("the dry run wrote a post")
	}
	db.Close()

	if out, err = clinicRun(t, data, args...); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	again, err := clinicRun(t, data, args...)
	if err != nil || !strings.Contains(again, " 0 created, 0 updated") {
		t.Errorf("a second import changed something: %v\n%s", err, again)
	}
	db = openData(t, data)
	defer db.Close()
	p, err := db.PostAny(ctx, "walking-for-a-healthier-back")
	if err != nil {
		t.Fatal(err)
	}
	if p.Author != "dr-maya-lindqvist" || p.Category != "spine-health" || !strings.Contains(p.Body, "**simplest**") ||
		!strings.Contains(p.Body, "![A pair of trail shoes on a forest path](/media/") {
		t.Errorf("post: %+v", p)
	}
	if rd, err := db.Redirect(ctx, "/2021/04/12/walking-for-a-healthier-back/"); err != nil || rd.To != "/blog/walking-for-a-healthier-back" {
		t.Errorf("redirect: %+v %v", rd, err)
	}
	if rd, err := db.Redirect(ctx, "/?p=10"); err != nil || rd.To != "/blog/walking-for-a-healthier-back" {
		t.Errorf("?p= redirect: %+v %v", rd, err)
	}
	if ms, _, _ := db.MediaList(ctx, 0, 0); len(ms) != 1 || ms[0].Alt != "A pair of trail shoes on a forest path" {
		t.Errorf("media: %d", len(ms))
	}
	if _, err := clinicRun(t, data, "import-wordpress", filepath.Join(dir, "missing.xml")); err == nil {
		t.Error("a missing file: no error")
	}
	os.WriteFile(export, []byte("<html>not an export</html>"), 0o600)
	if _, err := clinicRun(t, data, "import-wordpress", export); err == nil {
		t.Error("not an export: no error")
	}
}

func openData(t *testing.T, data string) *store.DB {
	t.Helper()
	key, err := seal.LoadOrCreateKey(filepath.Join(data, "secret.key"))
	if err != nil {
		t.Fatal(err)
	}
	s, _ := seal.New(key)
	db, err := store.Open(context.Background(), "", store.Options{DataDir: data, Sealer: s, Now: time.Now})
	if err != nil {
		t.Fatal(err)
	}
	return db
}
