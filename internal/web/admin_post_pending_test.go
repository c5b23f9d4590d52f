package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"clinic"
)

// livePost is a demo post on the site at testNow, with an old WordPress
// address that redirects to it.
const (
	livePost    = "backpacks-and-back-pain"
	livePostOld = "/2021/08/16/backpacks-and-back-pain/"
)

// editorForm reads the editor's form as a browser would send it, without
// a button: inputs, selected options (or the first) and the textarea's
// text.
func editorForm(t *testing.T, res *response) url.Values {
	t.Helper()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("editor: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	v := url.Values{}
	for _, n := range res.all(t, "#post-form input[name]") {
		v.Set(attr(n, "name"), attr(n, "value"))
	}
	for _, n := range res.all(t, "#post-form select[name]") {
		name := attr(n, "name")
		// A select with no option selected sends its first.
		for _, sel := range []string{" option:first-child", " option[selected]"} {
			for _, o := range res.all(t, "#post-form select[name="+name+"]"+sel) {
				v.Set(name, attr(o, "value"))
			}
		}
	}
	for _, n := range res.all(t, "#post-form textarea[name]") {
		v.Set(attr(n, "name"), nodeTextRaw(n))
	}
	return v
}

// buttons lists the labels of the editor's submit buttons.
func buttons(t *testing.T, res *response) []string {
	var out []string
	for _, n := range res.all(t, "#post-form button[type=submit]") {
		out = append(out, nodeText(n))
	}
	return out
}

func auditCount(t *testing.T, s *site, action string) int {
	t.Helper()
	es, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: action, Outcome: clinic.AuditOK})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range es {
		if e.Action == action {
			n++
		}
	}
	return n
}

func TestEditingALivePostKeepsItOnline(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	ed := b.get(t, "/admin/posts/"+livePost)
	if got := strings.Join(buttons(t, ed), ", "); got != "Save changes for later, Update" {
		t.Errorf("a live post's buttons: %s", got)
	}
	if len(ed.all(t, `a[href="/admin/posts/`+livePost+`/unpublish"]`)) != 1 {
		t.Error("no way to unpublish")
	}
	form := editorForm(t, ed)
	liveTitle := form.Get("title")
	form.Set("title", "Backpacks, revisited")
	form.Set("body", form.Get("body")+"\n\nA new closing paragraph.")
	form.Set("action", "save")
	res := b.post(t, "/admin/posts/"+livePost, form)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/posts/"+livePost+"?done=pending" {
		t.Fatalf("save: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.text(t, ".alert"))
	}
	s.syncVersion(t)
	page := s.get(t, "/blog/"+livePost)
	if page.StatusCode != http.StatusOK || page.text(t, "h1") != liveTitle {
		t.Errorf("the site after saving for later: %d %q", page.StatusCode, page.text(t, "h1"))
	}
	if old := s.get(t, livePostOld); old.StatusCode != http.StatusMovedPermanently || s.get(t, old.Header.Get("Location")).StatusCode != http.StatusOK {
		t.Errorf("the old WordPress address: %d to %q", old.StatusCode, old.Header.Get("Location"))
	}
	again := b.get(t, "/admin/posts/"+livePost+"?done=pending")
	if !strings.Contains(again.text(t, ".alert-ok"), "not live yet") || !strings.Contains(again.text(t, ".pending-note h2"), "not live yet") {
		t.Errorf("message %q, note %q", again.text(t, ".alert-ok"), again.text(t, ".pending-note h2"))
	}
	if got := editorForm(t, again).Get("title"); got != "Backpacks, revisited" {
		t.Errorf("the editor reopens with %q", got)
	}
	revs := b.get(t, "/admin/posts/"+livePost+"/revisions")
	if st, sum := revs.text(t, "tbody tr td .badge"), revs.text(t, "tbody tr td.summary"); st != "pending" || sum != "title changed; 1 paragraph added" {
		t.Errorf("the pending revision is listed as %q, %q", st, sum)
	}

	update := editorForm(t, again)
	update.Set("action", "publish")
	res = b.post(t, "/admin/posts/"+livePost, update)
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?done=updated") {
		t.Fatalf("update: %d %q %s", res.StatusCode, res.Header.Get("Location"), res.text(t, ".alert"))
	}
	s.syncVersion(t)
	if page := s.get(t, "/blog/"+livePost); page.text(t, "h1") != "Backpacks, revisited" {
		t.Errorf("the site after Update shows %q", page.text(t, "h1"))
	}
	after := b.get(t, "/admin/posts/"+livePost)
	if len(after.all(t, ".pending-note")) != 0 {
		t.Error("the pending note stays after Update")
	}
	if auditCount(t, s, "post.pending") != 1 || auditCount(t, s, "post.save") != 1 {
		t.Errorf("audit: %d post.pending, %d post.save", auditCount(t, s, "post.pending"), auditCount(t, s, "post.save"))
	}
}

func TestALivePostCannotBeTakenDownFromTheEditor(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	form := editorForm(t, b.get(t, "/admin/posts/"+livePost))
	cases := []struct {
		name, action, publishAt string
	}{
		{"scheduling it for next year", "schedule", "2027-06-01T09:00"},
		{"the old editor's unpublish button", "unpublish", ""},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused with the form kept", func(t *testing.T) {
			v := withField(withField(form, "action", c.action), "body", "Words I typed.")
			if c.publishAt != "" {
				v.Set("publish_at", c.publishAt)
			}
			res := b.post(t, "/admin/posts/"+livePost, v)
			if res.StatusCode != http.StatusUnprocessableEntity || len(res.all(t, "#f-publish_at[aria-invalid=true]")) != 1 {
				t.Fatalf("status %d", res.StatusCode)
			}
			if nodeTextRaw(res.all(t, "#f-body")[0]) != "Words I typed." {
				t.Error("the text typed was lost")
			}
			s.syncVersion(t)
			if page := s.get(t, "/blog/"+livePost); page.StatusCode != http.StatusOK {
				t.Errorf("the post left the site: %d", page.StatusCode)
			}
		})
	}
}

func TestUnpublishAsksFirst(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	ask := b.get(t, "/admin/posts/"+livePost+"/unpublish")
	if ask.StatusCode != http.StatusOK || !strings.Contains(ask.text(t, "main ul"), livePostOld) {
		t.Fatalf("confirmation: %d, redirects listed %q", ask.StatusCode, ask.text(t, "main ul"))
	}
	bad := []struct {
		name string
		form url.Values
	}{
		{"no confirmation", url.Values{}},
		{"a confirmation that is not yes", url.Values{"confirm": {"sure"}}},
	}
	for _, c := range bad {
		t.Run(c.name+" changes nothing", func(t *testing.T) {
			if res := b.post(t, "/admin/posts/"+livePost+"/unpublish", c.form); res.StatusCode != http.StatusBadRequest {
				t.Errorf("status %d", res.StatusCode)
			}
			s.syncVersion(t)
			if page := s.get(t, "/blog/"+livePost); page.StatusCode != http.StatusOK {
				t.Errorf("the post left the site: %d", page.StatusCode)
			}
		})
	}
	res := b.post(t, "/admin/posts/"+livePost+"/unpublish", url.Values{"confirm": {"yes"}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "?done=unpublished") {
		t.Fatalf("unpublish: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	s.syncVersion(t)
	if page := s.get(t, "/blog/"+livePost); page.StatusCode != http.StatusNotFound {
		t.Errorf("after unpublishing: %d", page.StatusCode)
	}
	if auditCount(t, s, "post.unpublish") != 1 {
		t.Error("not audited")
	}
	for _, c := range []struct{ name, method, path string }{
		{"asking to unpublish a draft", http.MethodGet, "/admin/posts/" + livePost + "/unpublish"},
		{"unpublishing a draft", http.MethodPost, "/admin/posts/" + livePost + "/unpublish"},
		{"asking to unpublish a post that is not there", http.MethodGet, "/admin/posts/no-such-post/unpublish"},
	} {
		t.Run(c.name+" is refused", func(t *testing.T) {
			var res *response
			if c.method == http.MethodGet {
				res = b.get(t, c.path)
			} else {
				res = b.post(t, c.path, url.Values{"confirm": {"yes"}})
			}
			if res.StatusCode != http.StatusConflict && res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d", res.StatusCode)
			}
		})
	}
}

// autosave posts the form to autosave and reads the answer.
func autosave(t *testing.T, b *browser, slug string, form url.Values) (int, map[string]string) {
	t.Helper()
	res := b.post(t, "/admin/posts/"+slug+"/autosave", form)
	var answer map[string]string
	if strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal([]byte(res.body), &answer); err != nil {
			t.Fatalf("autosave answer %q: %v", res.body, err)
		}
	}
	return res.StatusCode, answer
}

func TestAutosaveKeepsWorkInThePendingRevision(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	form := editorForm(t, b.get(t, "/admin/posts/"+livePost))
	v0, _ := s.db.Version(context.Background())
	form.Set("body", "Half a sentence")
	if code, answer := autosave(t, b, livePost, form); code != http.StatusOK || !strings.Contains(answer["message"], "not live yet") {
		t.Fatalf("autosave: %d %v", code, answer)
	}
	form.Set("body", "Half a sentence, then the rest.")
	if code, _ := autosave(t, b, livePost, form); code != http.StatusOK {
		t.Fatalf("autosave again: %d", code)
	}
	if v1, _ := s.db.Version(context.Background()); v1 != v0 {
		t.Errorf("autosave moved the content version from %d to %d", v0, v1)
	}
	es, err := s.db.EditState(context.Background(), livePost)
	if err != nil || es.Pending == nil || !strings.Contains(es.Pending.Data, "then the rest") {
		t.Fatalf("pending: %+v, %v", es, err)
	}
	if n := auditCount(t, s, "post.pending"); n != 1 {
		t.Errorf("%d audit events for two autosaves by one editor", n)
	}
	reopened := editorForm(t, b.get(t, "/admin/posts/"+livePost))
	if reopened.Get("body") != "Half a sentence, then the rest." {
		t.Errorf("the editor reopens with %q", reopened.Get("body"))
	}
	bad := []struct {
		name, slug string
		edit       func(url.Values)
		status     int
	}{
		{"no base", livePost, func(v url.Values) { v.Del("base") }, http.StatusBadRequest},
		{"a base that is not a number", livePost, func(v url.Values) { v.Set("base", "x") }, http.StatusBadRequest},
		{"a negative base", livePost, func(v url.Values) { v.Set("base", "-1") }, http.StatusBadRequest},
		{"a base older than the newest save", livePost, func(v url.Values) { v.Set("base", "999999") }, http.StatusConflict},
		{"a post that is not there", "no-such-post", func(url.Values) {}, http.StatusNotFound},
		{"a body over the limit", livePost, func(v url.Values) { v.Set("body", strings.Repeat("x", 2<<20)) }, http.StatusRequestEntityTooLarge},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused and keeps the pending revision", func(t *testing.T) {
			v := withField(form, "body", "Not this.")
			c.edit(v)
			code, answer := autosave(t, b, c.slug, v)
			if code != c.status {
				t.Errorf("status %d, want %d (%v)", code, c.status, answer)
			}
			if code != http.StatusRequestEntityTooLarge && answer["message"] == "" {
				t.Error("no message for the editor")
			}
			if es, _ := s.db.EditState(context.Background(), livePost); strings.Contains(es.Pending.Data, "Not this.") {
				t.Error("the refused autosave was kept")
			}
		})
	}
	t.Run("discarding keeps the changes in the revisions list", func(t *testing.T) {
		res := b.post(t, "/admin/posts/"+livePost+"/discard", url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("discard: %d", res.StatusCode)
		}
		if res := b.post(t, "/admin/posts/"+livePost+"/discard", url.Values{}); res.StatusCode != http.StatusNotFound {
			t.Errorf("discarding again: %d", res.StatusCode)
		}
		revs := b.get(t, "/admin/posts/"+livePost+"/revisions")
		if st := revs.text(t, "tbody tr td .badge"); st != "discarded" {
			t.Errorf("listed as %q", st)
		}
		if got := editorForm(t, b.get(t, "/admin/posts/"+livePost)).Get("body"); strings.Contains(got, "then the rest") {
			t.Error("the editor still opens the discarded changes")
		}
		if auditCount(t, s, "post.discard") != 1 {
			t.Error("not audited")
		}
	})
}

func TestAutosaveOfANewPostMakesADraft(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	form := editorForm(t, b.get(t, "/admin/posts/new"))
	form.Set("body", "Notes before a title.")
	code, answer := autosave(t, b, "new", form)
	if code != http.StatusUnprocessableEntity || !strings.HasPrefix(answer["message"], "Not saved yet: ") {
		t.Errorf("no title: %d %v", code, answer)
	}
	form.Set("title", "Backpacks and back pain")
	if code, answer := autosave(t, b, "new", form); code != http.StatusUnprocessableEntity || !strings.Contains(answer["message"], "address") {
		t.Errorf("a taken address: %d %v", code, answer)
	}
	form.Set("title", "Carrying groceries")
	code, answer = autosave(t, b, "new", form)
	if code != http.StatusOK || answer["edit"] != "/admin/posts/carrying-groceries" || answer["autosave"] != "/admin/posts/carrying-groceries/autosave" {
		t.Fatalf("with a title: %d %v", code, answer)
	}
	p, err := s.db.PostAny(context.Background(), "carrying-groceries")
	if err != nil || p.Status != clinic.StatusDraft || p.Body != "Notes before a title." {
		t.Fatalf("the draft: %+v, %v", p, err)
	}
	form.Set("base", answer["base"])
	form.Set("body", "Notes, and more.")
	if code, answer := autosave(t, b, "carrying-groceries", form); code != http.StatusOK || !strings.Contains(answer["message"], "Save draft") {
		t.Errorf("the next autosave: %d %v", code, answer)
	}
}

func TestDiscardBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	cases := []struct {
		name, slug string
		status     int
	}{
		{"a post with no pending changes", livePost, http.StatusNotFound},
		{"a post that is not there", "no-such-post", http.StatusNotFound},
		{"an address that is not a slug", "Not%20A%20Slug", http.StatusNotFound},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if res := b.post(t, "/admin/posts/"+c.slug+"/discard", url.Values{}); res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
		})
	}
	if n := auditCount(t, s, "post.discard"); n != 0 {
		t.Errorf("%d refused discards audited as done", n)
	}
}
