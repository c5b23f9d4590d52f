package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/andybalholm/cascadia"
	"golang.org/x/net/html"

	"clinic"
)

// deskBook books through the front desk's form, saying yes to a time
// outside the clinician's hours, and returns the appointment's page.
func deskBook(t *testing.T, b *browser, form url.Values) string {
	t.Helper()
	res := b.post(t, "/admin/appointments/new", withField(form, "extra", "yes"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("book: %d %q", res.StatusCode, res.text(t, ".alert"))
	}
	page, _, _ := strings.Cut(res.Header.Get("Location"), "?")
	return page
}

// columnOf returns the index among the grid's column headings of the one
// that reads name, or fails.
func columnOf(t *testing.T, r *response, name string) int {
	t.Helper()
	for i, th := range r.all(t, `table.sched thead tr:last-child th[scope=col]`) {
		if strings.HasPrefix(nodeText(th), name) {
			return i - 1 // after the column of times
		}
	}
	t.Fatalf("no column %q", name)
	return 0
}

// cellAt returns the cell of column col (counting from 0 after the time)
// in the row whose time reads label, walking rowspans as a browser lays
// the table out.
func cellAt(t *testing.T, r *response, label string, col int) *html.Node {
	t.Helper()
	rows := r.all(t, `table.sched tbody tr`)
	covered := map[[2]int]*html.Node{}
	for y, tr := range rows {
		x := 0
		for _, td := range r.allIn(t, tr, "td") {
			for covered[[2]int{y, x}] != nil {
				x++
			}
			span := 1
			if v := attr(td, "rowspan"); v != "" {
				span = atoiT(t, v)
			}
			for k := 0; k < span; k++ {
				covered[[2]int{y + k, x}] = td
			}
			x++
		}
		if nodeText(r.allIn(t, tr, "th")[0]) == label || strings.TrimSuffix(nodeText(r.allIn(t, tr, "th")[0]), " (now)") == label {
			return covered[[2]int{y, col}]
		}
	}
	t.Fatalf("no row %q", label)
	return nil
}

func TestCalendarGridShowsFreeAndBookedTime(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	lee := deskBook(t, b, deskForm("2026-12-01T09:00"))
	kent := deskBook(t, b, withField(withField(withField(deskForm("2026-12-01T14:00"), "location", "kent"), "name", "Ada Stone"), "email", "ada@example.com"))
	gone := deskBook(t, b, withField(withField(deskForm("2026-12-01T15:00"), "name", "Bo Gone"), "email", "bo@example.com"))
	if r := b.post(t, gone+"/status", url.Values{"seq": {"0"}, "status": {"cancelled"}, "reason": {"Called off"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.StatusCode)
	}
	if err := s.db.AddException(ctx, &clinic.AvailabilityException{Provider: "dr-samuel-okafor", Day: "2026-12-01", Start: 8 * 60, End: 8*60 + 30, Kind: clinic.ExceptionClosed, Note: "School run"}); err != nil {
		t.Fatal(err)
	}
	r := b.get(t, "/admin/calendar?date=2026-12-01&location=seattle")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("calendar: %d", r.StatusCode)
	}
	checkMarkup(t, r)
	okafor := columnOf(t, r, "Samuel Okafor")
	t.Run("a column per clinician of the office, with a row header per quarter hour", func(t *testing.T) {
		cols := r.all(t, `table.sched thead th[scope=col]`)
		if len(cols) < 2 || len(r.all(t, `table.sched tbody th[scope=row]`)) != 48 || len(r.all(t, "table.sched caption")) != 1 {
			t.Errorf("%d columns, %d rows", len(cols), len(r.all(t, `table.sched tbody th[scope=row]`)))
		}
		if sub := nodeText(cols[okafor+1]); !strings.Contains(sub, "Seattle 8:30 AM to 12:00 PM, 1:00 PM to 5:00 PM") {
			t.Errorf("the heading tells the hours as %q", sub)
		}
	})
	t.Run("an appointment is a block of its rows with a link that says it all", func(t *testing.T) {
		td := cellAt(t, r, "9:00 AM", okafor)
		links := r.allIn(t, td, "a.appt")
		if attr(td, "rowspan") != "2" || len(links) != 1 || attr(links[0], "href") != lee {
			t.Fatalf("9:00: rowspan %q, %d links", attr(td, "rowspan"), len(links))
		}
		want := "Tuesday, December 1, Samuel Okafor: 9:00 AM to 9:20 AM Lee Park Follow-up visit, Booked"
		if got := nodeText(links[0]); got != want {
			t.Errorf("link reads %q, want %q", got, want)
		}
	})
	t.Run("a free time in hours is shaded open and links to the booking form at that time", func(t *testing.T) {
		td := cellAt(t, r, "10:00 AM", okafor)
		a := r.allIn(t, td, "a.free")
		if !hasClass(td, "open") || len(a) != 1 {
			t.Fatalf("10:00: class %q, %d links", attr(td, "class"), len(a))
		}
		if got := nodeText(r.allIn(t, a[0], ".visually-hidden")[0]); got != "Book Samuel Okafor, Tuesday, December 1, 10:00 AM, Seattle" {
			t.Errorf("the free time's label: %q", got)
		}
		form := b.get(t, attr(a[0], "href"))
		if v := attr(form.all(t, "#f-start")[0], "value"); v != "2026-12-01T10:00" {
			t.Errorf("the form's time: %q", v)
		}
		if sel := form.all(t, `#f-provider option[selected]`); len(sel) != 1 || attr(sel[0], "value") != "dr-samuel-okafor" {
			t.Error("the form does not have the clinician chosen")
		}
		if sel := form.all(t, `#f-location option[selected]`); len(sel) != 1 || attr(sel[0], "value") != "seattle" {
			t.Error("the form does not have the office chosen")
		}
	})
	t.Run("time off, lunch and the evening are shaded closed and can still be booked", func(t *testing.T) {
		for _, label := range []string{"8:00 AM", "12:15 PM", "6:00 PM", "7:00 AM"} {
			td := cellAt(t, r, label, okafor)
			if !hasClass(td, "closed") || len(r.allIn(t, td, "a.free")) != 1 {
				t.Errorf("%s: class %q", label, attr(td, "class"))
			}
		}
	})
	t.Run("time at another office is busy here, and a cancelled appointment is left to the list", func(t *testing.T) {
		td := cellAt(t, r, "2:00 PM", okafor)
		if links := r.allIn(t, td, "a.appt"); len(links) != 1 || attr(links[0], "href") != kent || !strings.Contains(nodeText(links[0]), "at Kent") {
			t.Errorf("2:00 PM at Kent: %q", nodeText(td))
		}
		if td := cellAt(t, r, "3:00 PM", okafor); len(r.allIn(t, td, "a.free")) != 1 || strings.Contains(r.body, "Bo Gone") {
			t.Error("the cancelled appointment holds its time in the grid")
		}
		if !strings.Contains(r.text(t, ".legend"), "1 cancelled or no-show appointment is only in the list") {
			t.Errorf("legend: %q", r.text(t, ".legend"))
		}
	})
	t.Run("the list is one link away, and back", func(t *testing.T) {
		list := r.all(t, `.layouts a`)
		if len(list) != 1 || nodeText(list[0]) != "List" {
			t.Fatal("no link to the list")
		}
		l := b.get(t, attr(list[0], "href"))
		if !strings.Contains(l.text(t, "table.list"), "Bo Gone") || len(l.all(t, "table.sched")) != 0 || nodeText(l.all(t, ".layouts a")[0]) != "Grid" {
			t.Error("the list does not list every appointment, or has no way back to the grid")
		}
	})
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func TestCalendarGridMarksNowAndThePast(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	r := b.get(t, "/admin/calendar?provider=dr-samuel-okafor") // today, Wednesday at 9:00
	now := r.all(t, `table.sched tbody th.now`)
	if len(now) != 1 || nodeText(now[0]) != "9:00 AM (now)" {
		t.Fatalf("the line of now: %d rows", len(now))
	}
	if td := cellAt(t, r, "8:45 AM", 0); !hasClass(td, "past") || len(r.allIn(t, td, "a")) != 0 {
		t.Error("a time gone by can be booked")
	}
	if td := cellAt(t, r, "9:00 AM", 0); !hasClass(td, "now") || len(r.allIn(t, td, "a.free")) != 1 {
		t.Error("the line of now is not on the time that starts now, or that time cannot be booked")
	}
	if td := cellAt(t, r, "9:15 AM", 0); len(r.allIn(t, td, "a.free")) != 1 {
		t.Error("the next quarter hour cannot be booked")
	}
	if r := b.get(t, "/admin/calendar?provider=dr-samuel-okafor&date=2026-11-26"); len(r.all(t, ".now")) != 0 {
		t.Error("tomorrow has a line of now")
	}
}

func TestCalendarGridWeeks(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	deskBook(t, b, deskForm("2026-12-01T09:00"))
	t.Run("one clinician's week has a column a day, Monday to Sunday", func(t *testing.T) {
		r := b.get(t, "/admin/calendar?view=week&date=2026-12-03&provider=dr-samuel-okafor")
		checkMarkup(t, r)
		cols := r.all(t, `table.sched thead th[scope=col]`)
		if len(cols) != 8 || !strings.HasPrefix(nodeText(cols[1]), "Monday, November 30") || !strings.HasPrefix(nodeText(cols[7]), "Sunday, December 6") {
			t.Fatalf("%d columns", len(cols))
		}
		if !strings.Contains(nodeText(cols[6]), "Not working") || len(r.all(t, `th[scope=colgroup]`)) != 0 {
			t.Error("Saturday is not shown as a day off")
		}
		if td := cellAt(t, r, "9:00 AM", 1); len(r.allIn(t, td, "a.appt")) != 1 {
			t.Error("Tuesday's appointment is not in Tuesday's column")
		}
		if td := cellAt(t, r, "10:00 AM", 5); !hasClass(td, "closed") || len(r.allIn(t, td, "a.free")) != 1 {
			t.Error("Saturday morning is not closed, or cannot take an extra patient")
		}
	})
	t.Run("everyone's week at an office groups a column per clinician under each day", func(t *testing.T) {
		r := b.get(t, "/admin/calendar?view=week&date=2026-12-03&location=seattle")
		checkMarkup(t, r)
		days := r.all(t, `table.sched thead th[scope=colgroup]`)
		if len(days) != 7 {
			t.Fatalf("%d days", len(days))
		}
		span := 0
		for _, d := range days {
			span += atoiT(t, attr(d, "colspan"))
		}
		if cols := r.all(t, `table.sched thead tr:last-child th[scope=col]`); span != len(cols)-1 {
			t.Errorf("days span %d columns of %d", span, len(cols)-1)
		}
		if attr(days[6], "colspan") != "1" || !strings.Contains(r.body, "No hours and no appointments") {
			t.Error("Sunday, when no one works, is not one empty column")
		}
	})
	t.Run("the pager moves by a week, and today comes back", func(t *testing.T) {
		r := b.get(t, "/admin/calendar?view=week&date=2026-12-03&provider=dr-samuel-okafor")
		if next := attr(r.all(t, `.cal-nav a[rel=next]`)[0], "href"); !strings.Contains(next, "date=2026-12-07") || !strings.Contains(next, "view=week") {
			t.Errorf("next: %s", next)
		}
		today := r.all(t, `.cal-nav a`)[1]
		if nodeText(today) != "Today" || !strings.Contains(attr(today, "href"), "date=2026-11-25") {
			t.Errorf("today: %s", attr(today, "href"))
		}
	})
}

func TestCalendarGridTakesAnyFilter(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	for _, q := range []string{"layout=table", "layout=%00", "view=week&layout=list&date=2026-02-30", "provider=dr-nobody", "location=atlantis",
		"view=week&provider=dr-samuel-okafor&location=bellevue", "date=2199-12-31&view=week", "date=2001-01-01"} {
		t.Run("?"+q+" shows a calendar", func(t *testing.T) {
			r := b.get(t, "/admin/calendar?"+q)
			if r.StatusCode != http.StatusOK || len(r.all(t, "h1")) != 1 {
				t.Errorf("%d", r.StatusCode)
			}
		})
	}
}

// TestCalendarWithoutScript: every free time and appointment of the grid
// is a plain link that a browser follows without script.
func TestCalendarWithoutScript(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	deskBook(t, b, deskForm("2026-12-01T09:00"))
	r := b.get(t, "/admin/calendar?date=2026-12-01&provider=dr-samuel-okafor")
	for _, a := range r.all(t, `table.sched a`) {
		href := attr(a, "href")
		if !strings.HasPrefix(href, "/admin/appointments/") {
			t.Fatalf("a link of the grid goes to %q", href)
		}
	}
	links := r.all(t, `table.sched a`)
	if len(links) < 30 {
		t.Fatalf("%d links", len(links))
	}
	for _, a := range []*html.Node{links[0], links[len(links)-1]} {
		if got := b.get(t, attr(a, "href")); got.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", attr(a, "href"), got.StatusCode)
		}
	}
}

// atoiT reads a number a page wrote.
func atoiT(t *testing.T, s string) int {
	t.Helper()
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("%q is not a number", s)
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// allIn returns the nodes under n that match a CSS selector.
func (r *response) allIn(t testing.TB, n *html.Node, selector string) []*html.Node {
	t.Helper()
	return cascadia.MustCompile(selector).MatchAll(n)
}
