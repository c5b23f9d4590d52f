package web

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// testOffices are offices as the week's text names them.
var testOffices = []*clinic.Location{
	{Slug: "seattle", City: "Seattle", Name: "Seattle clinic"},
	{Slug: "gig-harbor", City: "Gig Harbor", Name: "Gig Harbor clinic"},
	{Slug: "kent", City: "Kent", Name: "Kent clinic"},
}

func testWindow(day time.Weekday, start, end int, loc string) *clinic.AvailabilityWindow {
	return &clinic.AvailabilityWindow{Weekday: day, Start: start, End: end, Location: loc}
}

func TestParseWeekReadsWhatPeopleType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, text string
		want       []*clinic.AvailabilityWindow
	}{
		{"an empty text is an empty week", "", []*clinic.AvailabilityWindow{}},
		{"a full weekday name and an office slug", "Monday 08:00-12:00 seattle",
			[]*clinic.AvailabilityWindow{testWindow(time.Monday, 480, 720, "seattle")}},
		{"three letters in any case, a city of two words", "TUE 13:00-17:30 gig harbor",
			[]*clinic.AvailabilityWindow{testWindow(time.Tuesday, 780, 1050, "gig-harbor")}},
		{"spaces around the dash, an en dash, hours without minutes", "wed 8 - 12 Kent clinic\nthu 9–17:00 kent",
			[]*clinic.AvailabilityWindow{testWindow(time.Wednesday, 480, 720, "kent"), testWindow(time.Thursday, 540, 1020, "kent")}},
		{"blank lines, comments and Windows line ends are skipped", "# mornings\r\n\r\n  fri 07:30-24:00 seattle  \r\n",
			[]*clinic.AvailabilityWindow{testWindow(time.Friday, 450, 1440, "seattle")}},
		{"the week comes back Monday first, by start", "sun 10:00-11:00 kent\nmon 13:00-17:00 kent\nmon 08:00-12:00 seattle",
			[]*clinic.AvailabilityWindow{testWindow(time.Monday, 480, 720, "seattle"), testWindow(time.Monday, 780, 1020, "kent"), testWindow(time.Sunday, 600, 660, "kent")}},
		{"back-to-back hours do not overlap", "sat 08:00-12:00 kent\nsat 12:00-13:00 seattle",
			[]*clinic.AvailabilityWindow{testWindow(time.Saturday, 480, 720, "kent"), testWindow(time.Saturday, 720, 780, "seattle")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseWeek(tt.text, testOffices)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestParseWeekRefusesBadLines(t *testing.T) {
	t.Parallel()
	good := "Monday 08:00-12:00 seattle\n"
	tests := []struct {
		name, text, want string
	}{
		{"an unknown weekday", good + "Mondy 08:00-12:00 seattle", `Line 2: there is no weekday "Mondy"`},
		{"a weekday of two letters", "Mo 08:00-12:00 seattle", `Line 1: there is no weekday "Mo"`},
		{"25 o'clock", good + "\ntue 08:00-25:00 seattle", `Line 3: "25:00" is not a time of day`},
		{"24:30", "tue 08:00-24:30 seattle", `"24:30" is not a time of day`},
		{"sixty minutes", "tue 08:60-12:00 seattle", `"08:60" is not a time of day`},
		{"a time of three digits", "tue 800-1200 seattle", `"800" is not a time of day`},
		{"an end before the start", "wed 12:00-08:00 seattle", "Line 1: the hours 12:00-08:00 end before they start"},
		{"an end at the start", "wed 12:00-12:00 seattle", "end before they start"},
		{"an unknown office", good + "thu 08:00-12:00 tacoma", `Line 2: there is no office "tacoma"`},
		{"no hours", "fri seattle", "Line 1: the hours are missing"},
		{"no office", "fri 08:00-12:00", "Line 1: the office is missing"},
		{"one time only", "fri 08:00 seattle", `write the hours as from-to, such as 08:00-12:00, not "08:00"`},
		{"three times", "fri 08:00-12:00-13:00 seattle", `"12:00-13:00" is not a time of day`},
		{"a weekday alone", "sat", "Line 1: the hours are missing"},
		{"a 10 KB line", good + "mon 13:00-17:00 " + strings.Repeat("x", 10<<10), "Line 2: the line is longer than 200 characters"},
		{"invalid UTF-8", good + "tue 08:00-12:00 seat\xfftle", "Line 2: the line holds characters that are not text"},
		{"overlapping hours", good + "tue 08:00-09:00 kent\nmon 11:00-13:00 kent", "Line 3: the hours overlap those of line 1"},
		{"the same hours twice", good + good, "Line 2: the hours overlap those of line 1"},
		{"more stretches than the store keeps", strings.Repeat("# x\n", 3) + manyWindows(201), "Line 204: a week holds at most 200 stretches"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, err := parseWeek(tt.text, testOffices)
			if err == nil {
				t.Fatalf("accepted: %v", ws)
			}
			if clinic.ErrorKind(err) != clinic.EInvalid || !strings.Contains(clinic.ErrorMessage(err), tt.want) {
				t.Errorf("error %q (%s), want one saying %q", clinic.ErrorMessage(err), clinic.ErrorKind(err), tt.want)
			}
		})
	}
}

// manyWindows is n lines of short hours that do not overlap.
func manyWindows(n int) string {
	var b strings.Builder
	for i := range n {
		d := weekOrder[i%7]
		start := i / 7 * 30
		b.WriteString(formatWeek([]*clinic.AvailabilityWindow{testWindow(d, start, start+30, "kent")}))
	}
	return b.String()
}

func TestWeekSummary(t *testing.T) {
	t.Parallel()
	ws := []*clinic.AvailabilityWindow{testWindow(time.Wednesday, 480, 720, "kent"), testWindow(time.Monday, 480, 720, "seattle"),
		testWindow(time.Monday, 780, 1050, "kent")}
	if got, want := weekSummary(ws, testOffices), "Mon, Wed; 12.5 hours a week; Seattle, Kent"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got := weekSummary(nil, testOffices); !strings.HasPrefix(got, "No weekly hours") {
		t.Errorf("empty week: %q", got)
	}
}

// FuzzParseWeek checks that parsing never panics and that any accepted
// text, written back out, reads as the same week.
func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"", "Monday 08:00-12:00 seattle", "tue 8-12 Gig Harbor\nwed 9–17:00 kent clinic",
		"# c\r\nsun 00:00-24:00 seattle", "mon 12:00-08:00 x", "fri 08:00 - 12:00 SEATTLE", manyWindows(20)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ws, err := parseWeek(text, testOffices)
		if err != nil {
			if clinic.ErrorKind(err) != clinic.EInvalid {
				t.Fatalf("error of kind %s: %v", clinic.ErrorKind(err), err)
			}
			return
		}
		for _, w := range ws {
			if w.Start < 0 || w.End > 24*60 || w.Start >= w.End || findOfficeSlug(w.Location, testOffices) == nil {
				t.Fatalf("accepted a window the store refuses: %+v", w)
			}
		}
		back, err := parseWeek(formatWeek(ws), testOffices)
		if err != nil {
			t.Fatalf("the written week does not parse: %v\n%s", err, formatWeek(ws))
		}
		if diff := cmp.Diff(ws, back); diff != "" {
			t.Errorf("round trip (-parsed +reparsed)\n%s", diff)
		}
	})
}
