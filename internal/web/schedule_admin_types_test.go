package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"

	"clinic"
)

func schedTypes(t *testing.T, s *site) []*clinic.AppointmentType {
	t.Helper()
	ts, err := s.db.AppointmentTypes(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	return ts
}

func TestAppointmentTypes(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	t.Run("the page has a form for each type and a new one", func(t *testing.T) {
		r := b.get(t, "/admin/appointment-types")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d", r.StatusCode)
		}
		checkMarkup(t, r)
		if got, want := len(r.all(t, `form[action^="/admin/appointment-types/"]`)), len(schedTypes(t, s)); got != want {
			t.Errorf("%d edit forms for %d types", got, want)
		}
		if got := attr(r.all(t, "#t-follow-up-minutes")[0], "value"); got != "20" {
			t.Errorf("follow-up minutes %q", got)
		}
	})
	t.Run("an edit is stored", func(t *testing.T) {
		form := url.Values{"name": {"Follow-up"}, "description": {"Short."}, "minutes": {"30"}, "buffer": {"0"},
			"virtual": {"1"}, "position": {"7"}, "active": {"1"}}
		res := b.post(t, "/admin/appointment-types/follow-up", form)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		got, err := s.db.AppointmentType(context.Background(), "follow-up")
		want := &clinic.AppointmentType{Slug: "follow-up", Name: "Follow-up", Description: "Short.", Duration: 30 * time.Minute,
			Virtual: true, Position: 7, Active: true}
		if diff := cmp.Diff(want, got); err != nil || diff != "" {
			t.Errorf("stored (-want +got) %v\n%s", err, diff)
		}
	})
	t.Run("a type is made a procedure, and back", func(t *testing.T) {
		form := url.Values{"name": {"Follow-up"}, "minutes": {"30"}, "active": {"1"}, "treatment": {"mis-fusion"}}
		if res := b.post(t, "/admin/appointment-types/follow-up", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		page := b.get(t, "/admin/appointment-types")
		if sel := page.all(t, "#t-follow-up-treatment option[selected]"); len(sel) != 1 || attr(sel[0], "value") != "mis-fusion" {
			t.Error("the form does not show the procedure chosen")
		}
		form.Del("treatment")
		if res := b.post(t, "/admin/appointment-types/follow-up", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if got, _ := s.db.AppointmentType(context.Background(), "follow-up"); got.Treatment != "" {
			t.Errorf("still the procedure %q", got.Treatment)
		}
	})
	t.Run("a new type is offered to patients, and retired when inactive", func(t *testing.T) {
		form := url.Values{"slug": {"x-ray-review"}, "name": {"X-ray review"}, "minutes": {"15"}, "active": {"1"}}
		if res := b.post(t, "/admin/appointment-types", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if r := s.get(t, "/appointments"); len(r.all(t, "#f-type-x-ray-review")) != 1 {
			t.Error("the booking page does not offer the new type")
		}
		form.Del("active")
		if res := b.post(t, "/admin/appointment-types/x-ray-review", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("retire: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if r := s.get(t, "/appointments"); len(r.all(t, "#f-type-x-ray-review")) != 0 {
			t.Error("the booking page still offers the retired type")
		}
	})
	t.Run("changes are audited", func(t *testing.T) {
		es, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "appointment_type."})
		if err != nil || len(es) != 5 {
			t.Errorf("%d events, %v", len(es), err)
		}
	})
	t.Run("an unknown type cannot be edited", func(t *testing.T) {
		if r := b.post(t, "/admin/appointment-types/no-such-type", url.Values{"name": {"X"}, "minutes": {"30"}}); r.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", r.StatusCode)
		}
	})
}

func TestAppointmentTypesRefuseBadInput(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	before := schedTypes(t, s)
	good := url.Values{"slug": {"x-ray-review"}, "name": {"X-ray review"}, "minutes": {"15"}, "buffer": {"5"}, "position": {"4"}, "active": {"1"}}
	tests := []struct {
		name   string
		path   string
		form   url.Values
		status int
		want   string
	}{
		{"a short name with spaces", "", withField(good, "slug", "X ray"), 422, "The short name may hold"},
		{"the short name of blocks", "", withField(good, "slug", "block"), 422, "The short name may hold"},
		{"a short name taken", "", withField(good, "slug", "follow-up"), 409, "already an appointment type"},
		{"no name", "", withField(good, "name", ""), 422, "needs a name"},
		{"minutes in words", "", withField(good, "minutes", "thirty"), 422, "in minutes"},
		{"two minutes", "", withField(good, "minutes", "2"), 422, "between 5 minutes and 8 hours"},
		{"a day's minutes", "", withField(good, "minutes", "99999999999"), 422, "between 5 minutes and 8 hours"},
		{"a buffer of five hours", "", withField(good, "buffer", "300"), 422, "between 0 and 4 hours"},
		{"a position in words", "", withField(good, "position", "first"), 422, "position"},
		{"a long description", "", withField(good, "description", strings.Repeat("d", 1001)), 422, "at most 1,000"},
		{"a procedure that is not in the list", "", withField(good, "treatment", "no-such-treatment"), 422, "procedure from the list"},
		{"a category as the procedure", "", withField(good, "treatment", "pain-management"), 422, "procedure from the list"},
		{"a procedure that is not a short name", "", withField(good, "treatment", "<b>Spine</b>"), 422, "procedure from the list"},
		{"an empty new form", "", url.Values{}, 422, "in minutes"},
		{"an edit with no minutes", "/follow-up", withField(good, "minutes", ""), 422, "in minutes"},
		{"an edit to no name", "/follow-up", withField(good, "name", " "), 422, "needs a name"},
		{"an empty edit", "/follow-up", url.Values{}, 422, "in minutes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.post(t, "/admin/appointment-types"+tt.path, tt.form)
			if r.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", r.StatusCode, tt.status)
			}
			checkMarkup(t, r)
			if got := r.text(t, ".alert"); !strings.Contains(got, "Nothing was saved") || !strings.Contains(got, tt.want) {
				t.Errorf("alert %q, want one saying %q", got, tt.want)
			}
			id := "#f-minutes"
			if tt.path != "" {
				id = "#t" + strings.ReplaceAll(tt.path, "/", "-") + "-minutes"
				if !slices.ContainsFunc(r.all(t, ".panel h2"), func(n *html.Node) bool { return strings.HasPrefix(nodeText(n), "Follow-up visit follow-up") }) {
					t.Error("the refused type's heading is not its stored name")
				}
			}
			if got := attr(r.all(t, id)[0], "value"); got != tt.form.Get("minutes") {
				t.Errorf("minutes shown %q, typed %q", got, tt.form.Get("minutes"))
			}
			if diff := cmp.Diff(before, schedTypes(t, s)); diff != "" {
				t.Errorf("types changed (-before +after)\n%s", diff)
			}
		})
	}
}
