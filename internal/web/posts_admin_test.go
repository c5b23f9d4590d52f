package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
)

// editor signs in an editor and returns the browser.
func (s *site) editor(t *testing.T) (*browser, *clinic.User) {
	t.Helper()
	u, _ := s.staffUser(t, "editor@example.com", clinic.RoleEditor, false)
	b := s.browser()
	b.signIn(t, u.Email, "")
	return b, u
}

func postValues(title, body, action string) url.Values {
	return url.Values{"title": {title}, "author": {"dr-maya-lindqvist"}, "category": {"back-pain"},
		"tags": {"Posture, Lower back"}, "body": {body}, "action": {action}, "description": {"A short summary."}}
}

func TestPostEditorPublishesAndRenames(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	res := b.post(t, "/admin/posts/new", postValues("Sitting well at work", "Sit **tall**.", "save"))
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/posts/sitting-well-at-work?done=saved" {
		t.Fatalf("save: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.text(t, ".alert"))
	}
	s.syncVersion(t)
	if res := s.get(t, "/blog/sitting-well-at-work"); res.StatusCode != 404 {
		t.Errorf("a draft is on the site: %d", res.StatusCode)
	}
	v := postValues("Sitting well at work", "Sit **tall** and move often.", "publish")
	v.Set("slug", "sitting-well-at-work")
	if res := b.post(t, "/admin/posts/sitting-well-at-work", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	page := s.get(t, "/blog/sitting-well-at-work")
	if page.StatusCode != 200 || page.text(t, "h1") != "Sitting well at work" {
		t.Fatalf("published post: %d %q", page.StatusCode, page.text(t, "h1"))
	}
	v.Set("slug", "sitting-at-work")
	if res := b.post(t, "/admin/posts/sitting-well-at-work", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	old := s.get(t, "/blog/sitting-well-at-work")
	if old.StatusCode != http.StatusMovedPermanently || old.Header.Get("Location") != "/blog/sitting-at-work" {
		t.Errorf("old URL: %d %q", old.StatusCode, old.Header.Get("Location"))
	}
	revs := b.get(t, "/admin/posts/sitting-at-work/revisions")
	if n := len(revs.all(t, "table.list tbody tr")); n != 3 {
		t.Fatalf("%d revisions", n)
	}
	a, bb := attr(revs.all(t, "input[name=a]")[2], "value"), attr(revs.all(t, "input[name=b]")[0], "value")
	diff := b.get(t, "/admin/posts/sitting-at-work/revisions?a="+a+"&b="+bb)
	var added []string
	for _, n := range diff.all(t, "table.diff td.ins") {
		added = append(added, nodeText(n))
	}
	if diff.StatusCode != 200 || !strings.Contains(strings.Join(added, "\n"), "move often") {
		t.Errorf("diff: %d %q", diff.StatusCode, added)
	}
	restore := b.get(t, "/admin/posts/sitting-at-work/revisions/"+a+"/restore")
	if restore.StatusCode != 200 || !strings.Contains(restore.text(t, "textarea"), "Sit **tall**.") {
		t.Errorf("restore: %d %q", restore.StatusCode, restore.text(t, "textarea"))
	}
	if res := b.get(t, "/admin/posts/sitting-at-work/revisions?a=x&b=1"); res.StatusCode != 400 {
		t.Errorf("bad revision id: %d", res.StatusCode)
	}
}

func TestPostEditorBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	cases := []struct {
		name  string
		edit  func(url.Values)
		field string
	}{
		{"no title", func(v url.Values) { v.Set("title", "  ") }, "title"},
		{"a bad address", func(v url.Values) { v.Set("slug", "Not/A slug") }, "slug"},
		{"a title too long", func(v url.Values) { v.Set("title", strings.Repeat("t", 201)) }, "title"},
		{"scheduling in the past", func(v url.Values) { v.Set("action", "schedule"); v.Set("publish_at", "2020-01-01T09:00") }, "publish_at"},
		{"a garbled date", func(v url.Values) { v.Set("action", "schedule"); v.Set("publish_at", "next tuesday") }, "publish_at"},
		{"too many tags", func(v url.Values) { v.Set("tags", strings.Repeat("a,", 30)) }, "tags"},
		{"invalid UTF-8", func(v url.Values) { v.Set("body", "bad \xff byte") }, "body"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := postValues("A title typed", "Some text I wrote.", "save")
			c.edit(v)
			res := b.post(t, "/admin/posts/new", v)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", res.StatusCode)
			}
			if len(res.all(t, "#f-"+c.field+"[aria-invalid=true]")) != 1 {
				t.Errorf("field %s not marked", c.field)
			}
			if !strings.Contains(res.body, "Some text I wrote.") && c.field != "body" {
				t.Error("the text typed was lost")
			}
		})
	}
	t.Run("an unknown author is refused by the store with the form kept", func(t *testing.T) {
		v := postValues("A title typed", "Some text I wrote.", "save")
		v.Set("author", "nobody")
		res := b.post(t, "/admin/posts/new", v)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Some text I wrote.") {
			t.Errorf("%d", res.StatusCode)
		}
	})
	t.Run("a body over the limit is 413 and nothing is written", func(t *testing.T) {
		before, _, _ := s.db.AdminPosts(context.Background(), 1000, 0)
		v := postValues("Huge", strings.Repeat("x", 2<<20), "save")
		if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d", res.StatusCode)
		}
		after, _, _ := s.db.AdminPosts(context.Background(), 1000, 0)
		if len(after) != len(before) {
			t.Errorf("%d posts before, %d after", len(before), len(after))
		}
	})
}

func TestEditableFieldsAreHarmlessOnThePublicPage(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	payloads := []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`, `javascript:alert(1)`, `</title><svg onload=alert(1)>`}
	for i, p := range payloads {
		slug := "xss-" + itoa(int64(i))
		v := url.Values{"title": {"T " + p}, "slug": {slug}, "author": {"dr-maya-lindqvist"}, "category": {"back-pain"},
			"tags": {"tag " + p}, "description": {"D " + p}, "action": {"publish"},
			"body": {"Body " + p + "\n\n[link](javascript:alert(1)) <iframe src=//evil.example></iframe>"}}
		if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", p, res.StatusCode, res.text(t, ".alert"))
		}
		s.syncVersion(t)
		page := s.get(t, "/blog/"+slug)
		if page.StatusCode != 200 {
			t.Fatalf("%s: %d", slug, page.StatusCode)
		}
		for _, sel := range []string{"script:not([type='application/ld+json']):not([src])", "[onerror]", "[onload]", "iframe", "a[href^='javascript']", "main img"} {
			if n := len(page.all(t, sel)); n != 0 {
				t.Errorf("%s: %d elements match %s", p, n, sel)
			}
		}
		if page.jsonLD(t) == nil {
			t.Errorf("%s: JSON-LD broken", p)
		}
	}
}

func TestScheduledPostAppearsOnTime(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	at := s.clock.now().Add(time.Minute).In(mustZone(t)).Format("2006-01-02T15:04")
	v := postValues("Coming soon", "Soon.", "schedule")
	v.Set("publish_at", at)
	if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	if res := s.get(t, "/blog/coming-soon"); res.StatusCode != 404 {
		t.Errorf("before its time: %d", res.StatusCode)
	}
	s.clock.advance(2 * time.Minute)
	if got, err := s.db.PublishDue(context.Background(), s.clock.now()); err != nil || len(got) != 1 {
		t.Fatalf("PublishDue = %v, %v", got, err)
	}
	s.syncVersion(t)
	if res := s.get(t, "/blog/coming-soon"); res.StatusCode != 200 {
		t.Errorf("after its time: %d", res.StatusCode)
	}
	if feed := s.get(t, "/blog/feed.atom"); !strings.Contains(feed.body, "Coming soon") {
		t.Error("not in the feed")
	}
}

func mustZone(t *testing.T) *time.Location {
	loc, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// syncVersion tells the server the database's content version, as the
// version watcher does in the running binary.
func (s *site) syncVersion(t testing.TB) {
	t.Helper()
	v, err := s.db.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.srv.SetVersion(v)
}

func TestPreviewBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	cases := []struct {
		name, body string
		status     int
	}{
		{"ordinary text", "Some **bold** text.", 200},
		{"front matter is left out", "---\ntitle: x\n---\nThe body.", 200},
		{"invalid UTF-8", "bad \xff\xfe bytes", 200},
		{"a script", "<script>alert(1)</script> [x](javascript:alert(1))", 200},
		{"over the limit", strings.Repeat("x", 2<<20), http.StatusRequestEntityTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := b.post(t, "/admin/preview", url.Values{"body": {c.body}})
			if res.StatusCode != c.status {
				t.Fatalf("status %d", res.StatusCode)
			}
			if c.status == 200 && (strings.Contains(res.body, "<script") || strings.Contains(res.body, "javascript:") || strings.Contains(res.body, "title: x")) {
				t.Errorf("preview: %q", res.body)
			}
		})
	}
}
