package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// The week the booking page shows starts on testNow, Wednesday,
// November 25, 2026, 9:00 in Seattle.
const (
	schedTuesday  = "2026-12-01"
	schedSaturday = "2026-11-28"
)

func schedExceptions(t *testing.T, s *site) []*clinic.AvailabilityException {
	t.Helper()
	ps, err := s.db.ProviderSchedule(context.Background(), schedDoctor, testNow, testNow.AddDate(1, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	return ps.Exceptions
}

// schedTimesOn counts the open times on a local date.
func schedTimesOn(times []time.Time, day string) int {
	n := 0
	for _, st := range times {
		if st.Format(time.DateOnly) == day {
			n++
		}
	}
	return n
}

func TestScheduleExceptions(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	schedSaveWeek(t, b, "Tue 09:00-12:00 seattle\nThu 09:00-12:00 seattle")
	if n := schedTimesOn(schedTimes(t, s), schedTuesday); n == 0 {
		t.Fatal("no open times on Tuesday to take off")
	}
	page := "/admin/schedule/" + schedDoctor
	t.Run("a day off leaves no open times that day, and only that day", func(t *testing.T) {
		res := b.post(t, page+"/exceptions", url.Values{"day": {schedTuesday}, "kind": {"closed"}, "note": {"Conference"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		times := schedTimes(t, s)
		if n := schedTimesOn(times, schedTuesday); n != 0 {
			t.Errorf("%d open times on the day off", n)
		}
		if schedTimesOn(times, "2026-11-26") == 0 {
			t.Error("Thursday lost its times too")
		}
		r := b.get(t, page)
		checkMarkup(t, r)
		want := []string{"Tue, December 1, 2026", "All day", "Time off", "Every office", "Conference", "Delete"}
		if diff := cmp.Diff(want, schedCells(t, r, "#exceptions tbody tr")); diff != "" {
			t.Errorf("listed (-want +got)\n%s", diff)
		}
	})
	t.Run("deleting it gives the day back", func(t *testing.T) {
		es := schedExceptions(t, s)
		if len(es) != 1 {
			t.Fatalf("exceptions %v", es)
		}
		res := b.post(t, page+"/exceptions/"+itoa(es[0].ID)+"/delete", nil)
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		if n := schedTimesOn(schedTimes(t, s), schedTuesday); n == 0 {
			t.Error("no open times after the day off was deleted")
		}
		if res := b.post(t, page+"/exceptions/"+itoa(es[0].ID)+"/delete", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("deleting it again: %d", res.StatusCode)
		}
	})
	t.Run("a morning off at one office takes only those hours", func(t *testing.T) {
		res := b.post(t, page+"/exceptions", url.Values{"day": {schedTuesday}, "from": {"09:00"}, "to": {"10:30"}, "kind": {"closed"}, "location": {"seattle"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		for _, st := range schedTimes(t, s) {
			if st.Format(time.DateOnly) == schedTuesday && schedClock(st) < 10*60+30 {
				t.Errorf("open at %v, in the time off", st)
			}
		}
	})
	t.Run("extra hours on a Saturday are offered", func(t *testing.T) {
		res := b.post(t, page+"/exceptions", url.Values{"day": {schedSaturday}, "from": {"10:00"}, "to": {"11:00"}, "kind": {"open"}, "location": {"seattle"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if n := schedTimesOn(schedTimes(t, s), schedSaturday); n == 0 {
			t.Error("no open times in the extra hours")
		}
	})
	t.Run("a date already past is not listed", func(t *testing.T) {
		ctx := context.Background()
		if err := s.db.AddException(ctx, &clinic.AvailabilityException{Provider: schedDoctor, Day: "2026-11-24", Kind: "closed", Note: "yesterday"}); err != nil {
			t.Fatal(err)
		}
		if r := b.get(t, page); strings.Contains(r.text(t, "main"), "yesterday") {
			t.Error("yesterday's time off is listed")
		}
	})
}

func TestScheduleExceptionsRefuseBadInput(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	good := url.Values{"day": {schedTuesday}, "from": {"09:00"}, "to": {"12:00"}, "kind": {"open"}, "location": {"seattle"}, "note": {"Cover"}}
	tests := []struct {
		name  string
		form  url.Values
		field string
	}{
		{"no date", withField(good, "day", ""), "day"},
		{"a date that is not one", withField(good, "day", "2026-02-30"), "day"},
		{"a date in the past", withField(good, "day", "2026-11-24"), "day"},
		{"a start without an end", withField(good, "to", ""), "to"},
		{"an hour of 25", withField(good, "from", "25:00"), "from"},
		{"an end before the start", withField(good, "to", "08:00"), "to"},
		{"extra hours all day", withField(withField(good, "from", ""), "to", ""), "from"},
		{"extra hours at no office", withField(good, "location", ""), "location"},
		{"an unknown office", withField(good, "location", "paris"), "location"},
		{"an unknown kind", withField(good, "kind", "holiday"), "kind"},
		{"a long note", withField(good, "note", strings.Repeat("n", 201)), "note"},
		{"an empty form", url.Values{}, "day"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := b.post(t, "/admin/schedule/"+schedDoctor+"/exceptions", tt.form)
			if r.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d", r.StatusCode)
			}
			checkMarkup(t, r)
			if r.text(t, "#f-"+tt.field+"-error") == "" {
				t.Errorf("no error on %s; alert %q", tt.field, r.text(t, ".alert"))
			}
			if nodes := r.all(t, "#f-note"); len(nodes) != 1 || attr(nodes[0], "value") != tt.form.Get("note") {
				t.Error("the note typed is not kept")
			}
			if es := schedExceptions(t, s); len(es) != 0 {
				t.Errorf("saved %+v", es[0])
			}
		})
	}
	t.Run("another provider's exception cannot be deleted here", func(t *testing.T) {
		e := &clinic.AvailabilityException{Provider: "dr-samuel-okafor", Day: schedTuesday, Kind: "closed"}
		if err := s.db.AddException(context.Background(), e); err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{itoa(e.ID), "x", "-1", "99999999999999999999"} {
			if r := b.post(t, "/admin/schedule/"+schedDoctor+"/exceptions/"+id+"/delete", nil); r.StatusCode != http.StatusNotFound {
				t.Errorf("id %s: status %d", id, r.StatusCode)
			}
		}
	})
}

func TestScheduleRules(t *testing.T) {
	t.Parallel()
	s, b := scheduler(t)
	page := "/admin/schedule/" + schedDoctor
	rules := func() clinic.BookingRules {
		ps, err := s.db.ProviderSchedule(context.Background(), schedDoctor, testNow, testNow)
		if err != nil {
			t.Fatal(err)
		}
		return ps.Rules
	}
	t.Run("the form shows the rules in hours and days", func(t *testing.T) {
		r := b.get(t, page)
		for id, want := range map[string]string{"f-notice": "2", "f-horizon": "60", "f-cap": "0"} {
			if got := attr(r.all(t, "#"+id)[0], "value"); got != want {
				t.Errorf("%s = %q, want %q", id, got, want)
			}
		}
	})
	t.Run("new rules are stored and bound the open times", func(t *testing.T) {
		schedSaveWeek(t, b, "Thu 08:00-17:00 seattle\nFri 08:00-17:00 seattle\nMon 08:00-17:00 seattle")
		res := b.post(t, page+"/rules", url.Values{"notice": {"26.5"}, "horizon": {"3"}, "cap": {"2"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		want := clinic.BookingRules{Provider: schedDoctor, Notice: 26*time.Hour + 30*time.Minute, Horizon: 3 * 24 * time.Hour, DailyCap: 2}
		if diff := cmp.Diff(want, rules()); diff != "" {
			t.Errorf("rules (-want +got)\n%s", diff)
		}
		times := schedTimes(t, s)
		if len(times) == 0 {
			t.Fatal("no open times")
		}
		for _, st := range times {
			if st.Before(testNow.Add(want.Notice)) || st.After(testNow.Add(want.Horizon)) {
				t.Errorf("open at %v, outside the notice and horizon", st)
			}
		}
	})
	t.Run("bad rules are refused and nothing is saved", func(t *testing.T) {
		before := rules()
		good := url.Values{"notice": {"2"}, "horizon": {"30"}, "cap": {"0"}}
		for name, form := range map[string]url.Values{
			"a notice in words":          withField(good, "notice", "two"),
			"a negative notice":          withField(good, "notice", "-1"),
			"a notice over 30 days":      withField(good, "notice", "721"),
			"a notice that is no number": withField(good, "notice", "NaN"),
			"a horizon of no days":       withField(good, "horizon", "0"),
			"a horizon over a year":      withField(good, "horizon", "366"),
			"a huge horizon":             withField(good, "horizon", "99999999999999"),
			"a horizon of part days":     withField(good, "horizon", "1.5"),
			"a negative cap":             withField(good, "cap", "-1"),
			"a cap over 100":             withField(good, "cap", "101"),
			"an empty form":              {},
		} {
			r := b.post(t, page+"/rules", form)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.text(t, ".alert"), "Nothing was saved") {
				t.Errorf("%s: status %d, alert %q", name, r.StatusCode, r.text(t, ".alert"))
				continue
			}
			checkMarkup(t, r)
			if got := attr(r.all(t, "#f-horizon")[0], "value"); got != form.Get("horizon") {
				t.Errorf("%s: the horizon typed is not kept: %q", name, got)
			}
		}
		if diff := cmp.Diff(before, rules()); diff != "" {
			t.Errorf("rules changed (-before +after)\n%s", diff)
		}
	})
}
