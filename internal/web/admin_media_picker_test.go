package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestThePickerInsertsAnImageWithItsDescription(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	if res := b.upload(t, "x.jpg", testJPEG(t, 800, 500), "A [lumbar] model, side view"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	ed := b.get(t, "/admin/posts/new")
	inserts := ed.all(t, "#picker button[data-insert]")
	if len(inserts) != 1 {
		t.Fatalf("%d images in the picker", len(inserts))
	}
	md := attr(inserts[0], "data-insert")
	if !strings.HasPrefix(md, `![A \[lumbar\] model, side view](/media/`) || attr(ed.all(t, "#picker input.picker-markdown")[0], "value") != md {
		t.Fatalf("the picker's Markdown: %q", md)
	}
	v := postValues("A picture post", "Before.\n\n"+md+"\n\nAfter.", "publish")
	if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	s.syncVersion(t)
	imgs := s.get(t, "/blog/a-picture-post").all(t, "main img[srcset]")
	if len(imgs) != 1 || attr(imgs[0], "alt") != "A [lumbar] model, side view" {
		t.Errorf("%d images on the page", len(imgs))
	}
}

func TestAnImageInUseIsNotDeleted(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b, _ := s.editor(t)
	if res := b.upload(t, "x.jpg", testJPEG(t, 700, 400), "A chair at a desk"); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", res.StatusCode)
	}
	ms, _, _ := s.db.MediaList(context.Background(), 0, 0)
	m := ms[0]
	v := postValues("Chairs", "Sit here:\n\n"+m.Markdown(), "publish")
	if res := b.post(t, "/admin/posts/new", v); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	form := editorForm(t, b.get(t, "/admin/posts/"+livePost))
	form.Set("body", form.Get("body")+"\n\n"+m.Markdown())
	form.Set("action", "save")
	if res := b.post(t, "/admin/posts/"+livePost, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("pending: %d", res.StatusCode)
	}
	del := "/admin/media/" + itoa(m.ID) + "/delete"
	res := b.post(t, del, url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("delete in use: %d", res.StatusCode)
	}
	var uses []string
	for _, li := range res.all(t, "#in-use li") {
		uses = append(uses, nodeText(li))
	}
	want := "Backpacks and back pain: a back-to-school guide for parents (post, in changes not saved yet) | Chairs (post)"
	if got := strings.Join(uses, " | "); got != want {
		t.Errorf("uses listed:\n got %s\nwant %s", got, want)
	}
	if len(res.all(t, `#in-use a[href="/admin/posts/chairs"]`)) != 1 {
		t.Error("no link to the post that uses the image")
	}
	if f := s.get(t, m.URL()); f.StatusCode != http.StatusOK {
		t.Errorf("a refused delete lost the file: %d", f.StatusCode)
	}
	if res := b.post(t, "/admin/posts/chairs/delete", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete the post: %d", res.StatusCode)
	}
	if res := b.post(t, "/admin/posts/"+livePost+"/discard", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("discard: %d", res.StatusCode)
	}
	if res := b.post(t, del, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("delete unused: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if f := s.get(t, m.URL()); f.StatusCode != http.StatusNotFound {
		t.Errorf("the deleted image's file: %d", f.StatusCode)
	}
	if auditCount(t, s, "media.delete") != 1 {
		t.Error("the delete was not audited")
	}
	bad := []struct {
		name, path string
		status     int
	}{
		{"an id that is not a number", "/admin/media/abc/delete", http.StatusNotFound},
		{"an image deleted already", del, http.StatusNotFound},
		{"an image that never was", "/admin/media/999999/delete", http.StatusNotFound},
	}
	for _, c := range bad {
		t.Run(c.name+" is refused", func(t *testing.T) {
			if res := b.post(t, c.path, url.Values{}); res.StatusCode != c.status {
				t.Errorf("status %d, want %d", res.StatusCode, c.status)
			}
		})
	}
}
