package store

import (
	"context"
	"testing"
	"time"

	"clinic"
)

func TestSavePostKeepsRevisionsAndRedirectsRenames(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		ed := newUser("ed@example.com", clinic.RoleEditor)
		if err := db.CreateUser(ctx, ed); err != nil {
			t.Fatal(err)
		}
		p := &clinic.Post{Slug: "new-post", Title: "New post", Author: "ann-lee", Category: "exercise",
			Tags: []string{"Lower back"}, Status: clinic.StatusDraft, Body: "First draft."}
		if err := db.SavePost(ctx, p, "", ed.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Post(ctx, "new-post", testNow); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("a draft is public: %v", err)
		}
		p.Status, p.PublishedAt, p.Body = clinic.StatusPublished, testNow.Add(-time.Hour), "Second text."
		if err := db.SavePost(ctx, p, "new-post", ed.ID); err != nil {
			t.Fatal(err)
		}
		p.Slug = "renamed-post"
		if err := db.SavePost(ctx, p, "new-post", ed.ID); err != nil {
			t.Fatal(err)
		}
		if rd, err := db.Redirect(ctx, "/blog/new-post"); err != nil || rd.To != "/blog/renamed-post" {
			t.Errorf("redirect = %+v, %v", rd, err)
		}
		got, err := db.PostAny(ctx, "renamed-post")
		if err != nil || got.Body != "Second text." || len(got.Tags) != 1 || got.Tags[0] != "Lower back" {
			t.Fatalf("PostAny = %+v, %v", got, err)
		}
		if _, err := db.PostAny(ctx, "new-post"); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("the old slug is still there: %v", err)
		}
		revs, err := db.Revisions(ctx, "post", "renamed-post")
		if err != nil || len(revs) != 3 || revs[0].Author != "Sam Staff" {
			t.Fatalf("%d revisions, %v", len(revs), err)
		}
		if r, err := db.Revision(ctx, revs[2].ID); err != nil || r.Slug != "renamed-post" {
			t.Errorf("Revision = %+v, %v", r, err)
		}
		t.Run("renaming a draft adds no redirect", func(t *testing.T) {
			d := &clinic.Post{Slug: "draft-one", Title: "Draft", Author: "ann-lee", Category: "exercise", Status: clinic.StatusDraft}
			db.SavePost(ctx, d, "", ed.ID)
			d.Slug = "draft-two"
			if err := db.SavePost(ctx, d, "draft-one", ed.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Redirect(ctx, "/blog/draft-one"); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("redirect from a draft: %v", err)
			}
		})
		t.Run("a rename onto a taken slug is a conflict and changes nothing", func(t *testing.T) {
			other := &clinic.Post{Slug: "other", Title: "Other", Author: "ann-lee", Category: "exercise", Status: clinic.StatusDraft}
			db.SavePost(ctx, other, "", ed.ID)
			other.Slug = "renamed-post"
			if err := db.SavePost(ctx, other, "other", ed.ID); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v", err)
			}
			if _, err := db.PostAny(ctx, "other"); err != nil {
				t.Errorf("the post was lost: %v", err)
			}
		})
		t.Run("bad posts are refused", func(t *testing.T) {
			for _, bad := range []*clinic.Post{
				{Slug: "x", Title: "", Author: "ann-lee", Category: "exercise", Status: clinic.StatusDraft},
				{Slug: "Not A Slug", Title: "T", Author: "ann-lee", Category: "exercise", Status: clinic.StatusDraft},
				{Slug: "x", Title: "T", Author: "nobody", Category: "exercise", Status: clinic.StatusDraft},
				{Slug: "x", Title: "T", Author: "ann-lee", Category: "exercise", Status: clinic.StatusScheduled},
			} {
				if err := db.SavePost(ctx, bad, "", ed.ID); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("%+v: %v", bad, err)
				}
			}
		})
	})
}

func TestPublishDueRunsOncePerPost(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		ed := newUser("ed@example.com", clinic.RoleEditor)
		db.CreateUser(ctx, ed)
		at := testNow.Add(time.Minute)
		p := &clinic.Post{Slug: "soon", Title: "Soon", Author: "ann-lee", Category: "exercise", Status: clinic.StatusScheduled, PublishedAt: at}
		if err := db.SavePost(ctx, p, "", ed.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.PublishDue(ctx, testNow); len(got) != 0 {
			t.Errorf("published early: %v", got)
		}
		v0, _ := db.Version(ctx)
		results := make(chan []string, 4)
		for range 4 {
			go func() { got, _ := db.PublishDue(ctx, at); results <- got }()
		}
		n := 0
		for range 4 {
			n += len(<-results)
		}
		if n != 1 {
			t.Errorf("published %d times", n)
		}
		got, _ := db.PostAny(ctx, "soon")
		v1, _ := db.Version(ctx)
		if got.Status != clinic.StatusPublished || v1 <= v0 {
			t.Errorf("status %s, version %d -> %d", got.Status, v0, v1)
		}
		es, _ := db.AuditEvents(ctx, clinic.AuditFilter{Action: "post.publish"})
		if len(es) != 1 || es[0].Actor != "system" {
			t.Errorf("audit: %+v", es)
		}
	})
}

func TestDeleteContent(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		mustImport(t, db, richBundle())
		v0, _ := db.Version(ctx)
		if err := db.DeleteContent(ctx, "pages", "about"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Page(ctx, "about"); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("the page is still there: %v", err)
		}
		if v1, _ := db.Version(ctx); v1 <= v0 {
			t.Error("the version did not move")
		}
		rs, _ := firstResults(ctx, db, "spines")
		for _, r := range rs {
			if r.Kind == "page" && r.Slug == "about" {
				t.Errorf("the deleted page is still found")
			}
		}
		cases := []struct {
			kind, slug, want string
		}{
			{"doctors", "ann-lee", clinic.EConflict},
			{"categories", "exercise", clinic.EConflict},
			{"pages", "nope", clinic.ENotFound},
			{"users", "x", clinic.ENotFound},
		}
		for _, c := range cases {
			if err := db.DeleteContent(ctx, c.kind, c.slug); clinic.ErrorKind(err) != c.want {
				t.Errorf("delete %s %s: %v, want %s", c.kind, c.slug, err, c.want)
			}
		}
		if _, err := db.Doctor(ctx, "ann-lee"); err != nil {
			t.Errorf("a refused delete removed the doctor: %v", err)
		}
	})
}
