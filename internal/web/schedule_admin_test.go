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
	"github.com/google/go-cmp/cmp/cmpopts"

	"clinic"
)

const schedDoctor = "dr-maya-lindqvist"

// scheduler is a demo site and a front-desk user signed in to it.
func scheduler(t *testing.T) (*site, *browser) {
	t.Helper()
	s := newSite(t)
	u, secret := s.staffUser(t, "desk@example.com", clinic.RoleFrontDesk, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	return s, b
}

// schedTimes are the local start times the public booking page offers for
// follow-up visits with Dr. Lindqvist in Seattle, this week.
func schedTimes(t *testing.T, s *site) []time.Time {
	t.Helper()
	r := s.get(t, "/appointments?type=follow-up&location=seattle&doctor="+schedDoctor)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("booking page: %d", r.StatusCode)
	}
	var out []time.Time
	for _, a := range r.all(t, "a.slot") {
		u, err := url.Parse(attr(a, "href"))
		if err != nil {
			t.Fatal(err)
		}
		start, err := time.Parse(time.RFC3339, u.Query().Get("start"))
		if err != nil {
			t.Fatalf("slot link %q: %v", attr(a, "href"), err)
		}
		out = append(out, start.In(mustZone(t)))
	}
	return out
}

// schedClock is a local time as minutes after midnight.
func schedClock(t time.Time) int { return t.Hour()*60 + t.Minute() }

func schedWeek(t *testing.T, s *site) []*clinic.AvailabilityWindow {
	t.Helper()
	ps, err := s.db.ProviderSchedule(context.Background(), schedDoctor, testNow, testNow)
	if err != nil {
		t.Fatal(err)
	}
	return ps.Windows
}

// schedSaveWeek posts the week's text and expects it to be saved.
func schedSaveWeek(t *testing.T, b *browser, text string) {
	t.Helper()
	res := b.post(t, "/admin/schedule/"+schedDoctor+"/week", url.Values{"week": {text}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save week: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
}

func TestScheduleOverview(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	r := b.get(t, "/admin/schedule")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("status %d", r.StatusCode)
	}
	checkMarkup(t, r)
	doctors, _ := s.db.Doctors(context.Background())
	if got := len(r.all(t, `a[href^="/admin/schedule/"]`)); got != len(doctors) {
		t.Errorf("%d links to schedules, want one per doctor (%d)", got, len(doctors))
	}
	if got := r.text(t, "tbody tr td:nth-child(2)"); !strings.Contains(got, "Mon, Tue, Wed, Thu, Fri; 40 hours a week") {
		t.Errorf("first summary %q", got)
	}
	if len(r.all(t, `nav a[href="/admin/schedule"][aria-current]`)) != 1 {
		t.Error("the navigation does not mark Schedule")
	}
}

func TestScheduleWeek(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	t.Run("the page shows the week as text and the offices", func(t *testing.T) {
		r := b.get(t, "/admin/schedule/"+schedDoctor)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("status %d", r.StatusCode)
		}
		checkMarkup(t, r)
		if got := r.text(t, "textarea#f-week"); !strings.HasPrefix(got, "Monday 08:00-12:00 ") {
			t.Errorf("week text %q", got)
		}
		if cells := schedCells(t, r, "#offices tbody tr"); !slices.Contains(cells, "gig-harbor") || !slices.Contains(cells, "Gig Harbor") {
			t.Error("the offices' short names are not listed")
		}
	})
	t.Run("a new week is stored and is all the booking page offers", func(t *testing.T) {
		schedSaveWeek(t, b, "Tuesday 09:00-11:00 seattle\r\nthu 14:00-15:00 Seattle\r\nwed 08:00-12:00 kirkland\r\n")
		want := []*clinic.AvailabilityWindow{
			{Provider: schedDoctor, Location: "seattle", Weekday: time.Tuesday, Start: 540, End: 660},
			{Provider: schedDoctor, Location: "kirkland", Weekday: time.Wednesday, Start: 480, End: 720},
			{Provider: schedDoctor, Location: "seattle", Weekday: time.Thursday, Start: 840, End: 900},
		}
		if diff := cmp.Diff(want, schedWeek(t, s), cmpopts.IgnoreFields(clinic.AvailabilityWindow{}, "ID")); diff != "" {
			t.Errorf("stored week (-want +got)\n%s", diff)
		}
		times := schedTimes(t, s)
		days := map[time.Weekday]int{}
		for _, st := range times {
			days[st.Weekday()]++
			in := st.Weekday() == time.Tuesday && schedClock(st) >= 540 && schedClock(st)+20 <= 660 ||
				st.Weekday() == time.Thursday && schedClock(st) >= 840 && schedClock(st)+20 <= 900
			if !in {
				t.Errorf("open time %v is outside the week", st)
			}
		}
		if days[time.Tuesday] == 0 || days[time.Thursday] == 0 {
			t.Errorf("open times by day: %v", days)
		}
	})
	t.Run("the change is audited", func(t *testing.T) {
		es, err := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "schedule.week"})
		if err != nil || len(es) != 1 || es[0].Record != "provider:"+schedDoctor || es[0].Actor != "desk@example.com" {
			t.Errorf("audit: %+v, %v", es, err)
		}
	})
	t.Run("hours at an office not on the profile are saved, with a warning", func(t *testing.T) {
		schedSaveWeek(t, b, "Monday 08:00-12:00 Tacoma")
		if got := b.get(t, "/admin/schedule/"+schedDoctor).text(t, ".notice"); !strings.Contains(got, "hours at Tacoma online") {
			t.Errorf("notice %q", got)
		}
	})
	t.Run("an empty text clears the week", func(t *testing.T) {
		schedSaveWeek(t, b, "# away until further notice\n")
		if ws := schedWeek(t, s); len(ws) != 0 {
			t.Errorf("week %v", ws)
		}
		if times := schedTimes(t, s); len(times) != 0 {
			t.Errorf("open times %v", times)
		}
	})
}

func TestScheduleWeekRefusesBadText(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	before := schedWeek(t, s)
	tests := []struct {
		name, text, want string
	}{
		{"an unknown weekday", "Monday 08:00-12:00 seattle\nFunday 08:00-12:00 seattle", `Line 2: there is no weekday "Funday"`},
		{"an hour past midnight", "mon 08:00-25:00 seattle", `Line 1: "25:00" is not a time of day`},
		{"an end before the start", "mon 12:00-08:00 seattle", "Line 1: the hours 12:00-08:00 end before they start"},
		{"an unknown office", "\n\nmon 08:00-12:00 Paris", `Line 3: there is no office "Paris"`},
		{"no office", "mon 08:00-12:00", "Line 1: the office is missing"},
		{"a 10 KB line", "mon 08:00-12:00 " + strings.Repeat("seattle", 1500), "Line 1: the line is longer than 200 characters"},
		{"invalid UTF-8", "mon 08:00-12:00 seattle\xff", "Line 1: the line holds characters that are not text"},
		{"overlapping hours", "mon 08:00-12:00 seattle\nmon 11:00-13:00 kirkland", "Line 2: the hours overlap those of line 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.post(t, "/admin/schedule/"+schedDoctor+"/week", url.Values{"week": {tt.text}})
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			checkMarkup(t, r)
			if got := r.text(t, "#f-week-error"); !strings.Contains(got, tt.want) {
				t.Errorf("error %q, want one saying %q", got, tt.want)
			}
			if !strings.Contains(r.text(t, ".alert"), "Nothing was saved") {
				t.Errorf("alert %q", r.text(t, ".alert"))
			}
			if got := r.all(t, "textarea#f-week"); len(got) != 1 || nodeText(got[0]) != strings.Join(strings.Fields(tt.text), " ") {
				t.Errorf("the text typed is not kept in the form: %q", nodeText(got[0]))
			}
			if diff := cmp.Diff(before, schedWeek(t, s)); diff != "" {
				t.Errorf("the week changed (-before +after)\n%s", diff)
			}
		})
	}
	t.Run("a form without the week is refused", func(t *testing.T) {
		if r := b.post(t, "/admin/schedule/"+schedDoctor+"/week", url.Values{}); r.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d", r.StatusCode)
		}
		if diff := cmp.Diff(before, schedWeek(t, s)); diff != "" {
			t.Errorf("the week changed (-before +after)\n%s", diff)
		}
	})
}

func TestScheduleAccess(t *testing.T) {
	t.Parallel()
	s, desk := scheduler(t)
	tests := []struct {
		name string
		b    *browser
		path string
		want int
	}{
		{"an unknown provider is not found", desk, "/admin/schedule/dr-nobody", http.StatusNotFound},
		{"the front desk may see the schedule", desk, "/admin/schedule", http.StatusOK},
		{"an editor may not", schedSignIn(t, s, "ed@example.com", clinic.RoleEditor), "/admin/schedule/" + schedDoctor, http.StatusForbidden},
		{"a provider may not", schedSignIn(t, s, "doc@example.com", clinic.RoleProvider), "/admin/appointment-types", http.StatusForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r := tt.b.get(t, tt.path); r.StatusCode != tt.want {
				t.Errorf("status %d, want %d", r.StatusCode, tt.want)
			}
		})
	}
	t.Run("an editor cannot change a week", func(t *testing.T) {
		before := schedWeek(t, s)
		ed := schedSignIn(t, s, "ed2@example.com", clinic.RoleEditor)
		if r := ed.post(t, "/admin/schedule/"+schedDoctor+"/week", url.Values{"week": {""}}); r.StatusCode != http.StatusForbidden {
			t.Errorf("status %d", r.StatusCode)
		}
		if diff := cmp.Diff(before, schedWeek(t, s)); diff != "" {
			t.Errorf("the week changed (-before +after)\n%s", diff)
		}
	})
}

// schedCells is the text of each cell of the rows that match selector.
func schedCells(t *testing.T, r *response, selector string) []string {
	t.Helper()
	var cells []string
	for _, td := range r.all(t, selector+" td") {
		cells = append(cells, nodeText(td))
	}
	return cells
}

// schedSignIn is a browser signed in as a new user with the role.
func schedSignIn(t *testing.T, s *site, email string, role clinic.Role) *browser {
	t.Helper()
	u, secret := s.staffUser(t, email, role, true)
	b := s.browser()
	b.signIn(t, u.Email, secret)
	return b
}
