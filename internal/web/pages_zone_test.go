package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"clinic"
)

// A post published late in the evening on the US west coast is dated that
// evening, in the clinic's time zone, not the next day as UTC has it.
func TestPostDatesAreInTheClinicsZone(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	evening := time.Date(2026, 11, 24, 6, 26, 0, 0, time.UTC) // 10:26 PM PST on November 23
	p := &clinic.Post{Slug: "late-evening-post", Title: "A late evening post", Author: "dr-maya-lindqvist", Category: "healthy-living",
		Status: clinic.StatusPublished, PublishedAt: evening, Body: "Written late."}
	if err := s.db.SavePost(ctx, p, "", u.ID); err != nil {
		t.Fatal(err)
	}
	s.syncVersion(t)
	for _, path := range []string{"/blog/late-evening-post", "/blog"} {
		r := s.get(t, path)
		if !strings.Contains(r.text(t, "main"), "November 23, 2026") || strings.Contains(r.text(t, "main"), "November 24, 2026") {
			t.Errorf("%s: %d, dates %q", path, r.StatusCode, r.text(t, "time"))
		}
	}
}

func TestTheSmallThingsOfThePublicPages(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	t.Run("the home page's title names the clinic once", func(t *testing.T) {
		r := s.get(t, "/")
		site, _ := s.db.Settings(context.Background())
		if title := r.text(t, "title"); strings.Count(title, site.ClinicName) != 1 {
			t.Errorf("title %q", title)
		}
	})
	t.Run("recent articles leave out the one being read", func(t *testing.T) {
		blog := s.get(t, "/blog")
		first := attr(blog.all(t, "main h3 a")[0], "href")
		r := s.get(t, first)
		links := r.all(t, `section[aria-labelledby="a-recent"] a`)
		if len(links) == 0 {
			t.Fatal("no recent articles")
		}
		for _, a := range links {
			if attr(a, "href") == first {
				t.Errorf("%s lists itself among the recent articles", first)
			}
		}
	})
	t.Run("an unknown back-office address answers in the back office", func(t *testing.T) {
		if r := s.get(t, "/admin/no-such-page"); r.StatusCode != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/admin/sign-in") {
			t.Errorf("signed out: %d %q", r.StatusCode, r.Header.Get("Location"))
		}
		u, _ := s.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
		b := s.browser()
		b.signIn(t, u.Email, "")
		r := b.get(t, "/admin/no-such-page")
		if r.StatusCode != 404 || len(r.all(t, "main.admin-main")) != 1 {
			t.Errorf("signed in: %d, back-office page %v", r.StatusCode, len(r.all(t, "main.admin-main")) == 1)
		}
	})
}

func TestTheScheduleFlagsOfficeHoursThatBookingDoesNotHonour(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	u, secret := s.staffUser(t, "desk@example.com", clinic.RoleFrontDesk, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	if r := b.get(t, "/admin/schedule"); r.StatusCode != 200 || len(r.all(t, "#hours-disagree")) != 0 {
		t.Fatalf("the demo clinic's schedule page: %d, %q", r.StatusCode, r.text(t, "#hours-disagree"))
	}
	if err := s.db.SetWeeklyAvailability(context.Background(), "dr-daniel-reyes", nil); err != nil {
		t.Fatal(err)
	}
	r := b.get(t, "/admin/schedule")
	if notice := r.text(t, "#hours-disagree"); !strings.Contains(notice, "no clinician can be booked there that day") {
		t.Errorf("after a clinician's week is cleared: %q", notice)
	}
}
