package store

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// editorDB is a database holding richBundle and an editor.
func editorDB(t *testing.T, db *DB) *clinic.User {
	t.Helper()
	mustImport(t, db, richBundle())
	ed := newUser("ed@example.com", clinic.RoleEditor)
	if err := db.CreateUser(context.Background(), ed); err != nil {
		t.Fatal(err)
	}
	return ed
}

func TestPendingRevisionLeavesTheLivePostAlone(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ed := editorDB(t, db)
		live, err := db.PostAny(ctx, "acupuncture")
		if err != nil {
			t.Fatal(err)
		}
		v0, _ := db.Version(ctx)
		next := *live
		next.Title, next.Body = "Acupuncture, revisited", "A newer trial found more relief."
		first, err := db.SavePending(ctx, "acupuncture", 0, &next, ed.ID)
		if err != nil {
			t.Fatal(err)
		}
		next.Body = "Typed a little more."
		second, err := db.SavePending(ctx, "acupuncture", 0, &next, ed.ID)
		if err != nil || second.ID != first.ID {
			t.Fatalf("autosave again: %+v, %v; want the same revision %d rewritten", second, err, first.ID)
		}
		public, err := db.Post(ctx, "acupuncture", testNow)
		if err != nil || public.Title != live.Title || public.Body != live.Body {
			t.Errorf("the site shows %+v, %v", public, err)
		}
		if v1, _ := db.Version(ctx); v1 != v0 {
			t.Errorf("a pending revision moved the content version from %d to %d", v0, v1)
		}
		es, err := db.EditState(ctx, "acupuncture")
		if err != nil || es.Pending == nil || es.Pending.ID != first.ID || es.Base != 0 {
			t.Fatalf("EditState = %+v, %v", es, err)
		}
		got, err := es.Pending.Post()
		if err != nil || got.Body != "Typed a little more." {
			t.Errorf("pending post = %+v, %v", got, err)
		}
		if slugs, err := db.PendingSlugs(ctx); err != nil || !cmp.Equal(slugs, []string{"acupuncture"}) {
			t.Errorf("PendingSlugs = %v, %v", slugs, err)
		}

		t.Run("updating the post saves the pending revision", func(t *testing.T) {
			if err := db.SavePost(ctx, got, "acupuncture", ed.ID); err != nil {
				t.Fatal(err)
			}
			es, _ := db.EditState(ctx, "acupuncture")
			revs, _ := db.Revisions(ctx, "post", "acupuncture")
			if es.Pending != nil || len(revs) != 1 || revs[0].State != clinic.RevisionSaved || es.Base != revs[0].ID {
				t.Errorf("after the update: pending %+v, base %d, revisions %+v", es.Pending, es.Base, revs)
			}
			if p, _ := db.Post(ctx, "acupuncture", testNow); p.Body != "Typed a little more." {
				t.Errorf("the site shows %q", p.Body)
			}
		})
		t.Run("an editor opened before a later save cannot autosave over it", func(t *testing.T) {
			_, err := db.SavePending(ctx, "acupuncture", 0, &next, ed.ID)
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("stale base: %v", err)
			}
			if es, _ := db.EditState(ctx, "acupuncture"); es.Pending != nil {
				t.Error("a pending revision was kept from a stale editor")
			}
		})
		t.Run("a post that is not there has no pending revision", func(t *testing.T) {
			if _, err := db.SavePending(ctx, "no-such-post", -1, &next, ed.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("err = %v", err)
			}
		})
	})
}

func TestDiscardKeepsThePendingRevisionInTheHistory(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ed := editorDB(t, db)
		p, _ := db.PostAny(ctx, "backpacks")
		p.Body = "Changes I will throw away."
		v, err := db.SavePending(ctx, "backpacks", -1, p, ed.ID)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.DiscardPending(ctx, "backpacks"); err != nil {
			t.Fatal(err)
		}
		if err := db.DiscardPending(ctx, "backpacks"); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("discarding twice: %v", err)
		}
		got, err := db.Revision(ctx, v.ID)
		if err != nil || got.State != clinic.RevisionDiscarded {
			t.Errorf("Revision = %+v, %v", got, err)
		}
		if es, _ := db.EditState(ctx, "backpacks"); es.Pending != nil {
			t.Errorf("still pending: %+v", es.Pending)
		}
		t.Run("a deleted post's pending changes are not a new post's", func(t *testing.T) {
			db.SavePending(ctx, "backpacks", -1, p, ed.ID)
			if err := db.DeleteContent(ctx, "post", "backpacks"); err != nil {
				t.Fatal(err)
			}
			p.Status = clinic.StatusDraft
			if err := db.SavePost(ctx, p, "", ed.ID); err != nil {
				t.Fatal(err)
			}
			if es, _ := db.EditState(ctx, "backpacks"); es.Pending != nil {
				t.Errorf("the new post opens with %+v", es.Pending)
			}
		})
	})
}

func TestTheDatabaseKeepsOnePendingRevisionPerItem(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ed := editorDB(t, db)
		p, _ := db.PostAny(ctx, "backpacks")
		if _, err := db.SavePending(ctx, "backpacks", -1, p, ed.ID); err != nil {
			t.Fatal(err)
		}
		_, err := db.write.ExecContext(ctx, `INSERT INTO revisions (kind, slug, author_id, created_at, data, state)
			VALUES ('post', 'backpacks', $1, $2, '{}', 'pending')`, ed.ID, db.d.timeArg(testNow))
		if err == nil {
			t.Error("a second pending revision of one post was stored")
		}
		_, err = db.write.ExecContext(ctx, `INSERT INTO revisions (kind, slug, author_id, created_at, data, state)
			VALUES ('post', 'backpacks', $1, $2, '{}', 'draft')`, ed.ID, db.d.timeArg(testNow))
		if err == nil {
			t.Error("a revision of an unknown state was stored")
		}
	})
}

func TestALivePostGoesOfflineOnlyByUnpublishing(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		ed := editorDB(t, db)
		for _, c := range []struct {
			name   string
			status string
			at     int
		}{
			{"saving it as a draft is refused", clinic.StatusDraft, -3},
			{"scheduling it for later is refused", clinic.StatusScheduled, 7},
		} {
			t.Run(c.name, func(t *testing.T) {
				p, _ := db.PostAny(ctx, "acupuncture")
				p.Status, p.PublishedAt, p.Body = c.status, testNow.AddDate(0, 0, c.at), "Changed."
				if err := db.SavePost(ctx, p, "acupuncture", ed.ID); clinic.ErrorKind(err) != clinic.EConflict {
					t.Errorf("err = %v", err)
				}
				if got, err := db.Post(ctx, "acupuncture", testNow); err != nil || got.Body == "Changed." {
					t.Errorf("the site shows %+v, %v", got, err)
				}
			})
		}
		t.Run("a new post cannot take a taken address", func(t *testing.T) {
			p := &clinic.Post{Slug: "acupuncture", Title: "Another", Author: "ann-lee", Category: "exercise", Status: clinic.StatusDraft}
			if err := db.SavePost(ctx, p, "", ed.ID); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v", err)
			}
			if got, _ := db.PostAny(ctx, "acupuncture"); got.Title != "Acupuncture for chronic back pain" {
				t.Errorf("the post became %q", got.Title)
			}
		})
		p, _ := db.PostAny(ctx, "acupuncture")
		p.Body = "Pending words."
		db.SavePending(ctx, "acupuncture", -1, p, ed.ID)
		v0, _ := db.Version(ctx)
		if err := db.Unpublish(ctx, "acupuncture", ed.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Post(ctx, "acupuncture", testNow); clinic.ErrorKind(err) != clinic.ENotFound {
			t.Errorf("still on the site: %v", err)
		}
		if v1, _ := db.Version(ctx); v1 <= v0 {
			t.Error("the content version did not move")
		}
		revs, _ := db.Revisions(ctx, "post", "acupuncture")
		var states []string
		for _, r := range revs {
			p, _ := r.Post()
			states = append(states, r.State+" "+p.Status)
		}
		if diff := cmp.Diff([]string{"pending published", "saved draft"}, states); diff != "" {
			t.Errorf("revisions (-want +got):\n%s", diff)
		}
		if err := db.Unpublish(ctx, "acupuncture", ed.ID); clinic.ErrorKind(err) != clinic.EConflict {
			t.Errorf("unpublishing a draft: %v", err)
		}
		rs, err := db.RedirectsTo(ctx, "/blog/acupuncture")
		if err != nil || len(rs) != 1 || rs[0].From != "/2020/06/22/acupuncture-for-chronic-back-pain/" {
			t.Errorf("RedirectsTo = %v, %v", rs, err)
		}
	})
}
