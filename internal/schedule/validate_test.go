package schedule

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

// input is one call of OpenSlots.
type input struct {
	windows    []Window
	exceptions []Exception
	bookings   []Booking
	req        Request
}

func TestOpenSlotsRefusesBadInput(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	now := local(t, la, "2026-01-11 12:00")
	valid := func() input {
		return input{
			windows:    []Window{{time.Monday, At(8, 0), At(12, 0), "bellevue"}},
			exceptions: []Exception{{Date: date(2026, 1, 12), Kind: Closed}},
			bookings:   []Booking{{Start: now.Add(time.Hour), End: now.Add(2 * time.Hour)}},
			req: Request{
				Zone: la, Now: now, Duration: 30 * time.Minute, Step: 15 * time.Minute, Horizon: 30 * 24 * time.Hour,
			},
		}
	}
	year := 365 * 24 * time.Hour
	tests := []struct {
		name string
		edit func(*input)
		want string
	}{
		{"a missing time zone is refused", func(in *input) { in.req.Zone = nil }, "a time zone is required"},
		{"a zero now is refused", func(in *input) { in.req.Now = time.Time{} },
			"now, 0001-01-01T00:00:00Z, is not within the years 1900 to 2199"},
		{"a now far in the future is refused", func(in *input) { in.req.Now = time.Date(2500, 1, 1, 0, 0, 0, 0, time.UTC) },
			"now, 2500-01-01T00:00:00Z, is not within the years 1900 to 2199"},
		{"a zero duration is refused", func(in *input) { in.req.Duration = 0 },
			"the appointment length 0s must be more than zero and at most 24h0m0s"},
		{"a negative duration is refused", func(in *input) { in.req.Duration = -time.Minute },
			"the appointment length -1m0s must be more than zero and at most 24h0m0s"},
		{"a duration over a day is refused", func(in *input) { in.req.Duration = 25 * time.Hour },
			"the appointment length 25h0m0s must be more than zero and at most 24h0m0s"},
		{"a negative buffer is refused", func(in *input) { in.req.Buffer = -time.Minute },
			"the buffer -1m0s must be from zero to 24h0m0s"},
		{"a zero step is refused", func(in *input) { in.req.Step = 0 },
			"the step 0s must be a whole number of minutes from 5m0s to 24h0m0s"},
		{"a negative step is refused", func(in *input) { in.req.Step = -15 * time.Minute },
			"the step -15m0s must be a whole number of minutes from 5m0s to 24h0m0s"},
		{"a step under five minutes is refused", func(in *input) { in.req.Step = 4 * time.Minute },
			"the step 4m0s must be a whole number of minutes from 5m0s to 24h0m0s"},
		{"a step that is not whole minutes is refused", func(in *input) { in.req.Step = 7*time.Minute + 30*time.Second },
			"the step 7m30s must be a whole number of minutes from 5m0s to 24h0m0s"},
		{"a negative minimum notice is refused", func(in *input) { in.req.MinNotice = -time.Hour },
			"the minimum notice -1h0m0s must be from zero to 400 days"},
		{"a zero horizon is refused", func(in *input) { in.req.Horizon = 0 },
			"the booking horizon 0s must be more than zero and at most 400 days"},
		{"a horizon of two years is refused", func(in *input) { in.req.Horizon = 2 * year },
			"the booking horizon 17520h0m0s must be more than zero and at most 400 days"},
		{"a negative daily cap is refused", func(in *input) { in.req.DailyCap = -1 },
			"the daily cap -1 must not be negative (0 means no cap)"},
		{"a range that ends before it starts is refused", func(in *input) { in.req.From, in.req.To = now.Add(time.Hour), now },
			"the range ends at 2026-01-11T12:00:00-08:00, not after its start at 2026-01-11T13:00:00-08:00"},
		{"an empty range is refused", func(in *input) { in.req.From, in.req.To = now, now },
			"the range ends at 2026-01-11T12:00:00-08:00, not after its start at 2026-01-11T12:00:00-08:00"},
		{"a range over 400 days is refused", func(in *input) { in.req.From, in.req.To = now, now.Add(2*year) },
			"the range from 2026-01-11T12:00:00-08:00 to 2028-01-11T12:00:00-08:00 is longer than 400 days"},
		{"a range in the year 1 is refused", func(in *input) { in.req.From, in.req.To = time.Time{}.Add(time.Hour), now },
			"the start of the range, 0001-01-01T01:00:00Z, is not within the years 1900 to 2199"},
		{"a window that ends before it starts is refused", func(in *input) { in.windows[0].End = At(7, 0) },
			"the window on Monday at bellevue: 08:00–07:00 does not end after it starts"},
		{"an empty window is refused", func(in *input) { in.windows[0].End = At(8, 0) },
			"the window on Monday at bellevue: 08:00–08:00 does not end after it starts"},
		{"a window past midnight is refused", func(in *input) { in.windows[0].End = EndOfDay + 1 },
			"the window on Monday at bellevue: a time is outside 00:00–24:00"},
		{"a window with a negative time is refused", func(in *input) { in.windows[0].Start = -30 },
			"the window on Monday at bellevue: a time is outside 00:00–24:00"},
		{"a window with no weekday is refused", func(in *input) { in.windows[0].Weekday = 7 },
			"a weekly window has no valid weekday (7)"},
		{"a window with no location is refused", func(in *input) { in.windows[0].Location = "" },
			"the window on Monday 08:00–12:00 has no location"},
		{"too many windows are refused", func(in *input) { in.windows = make([]Window, MaxWindows+1) },
			"201 weekly windows are more than the 200 allowed"},
		{"an exception on February 30 is refused", func(in *input) { in.exceptions[0].Date = date(2026, 2, 30) },
			"an exception has the date 2026-02-30, which is not a date from 1900 to 2199"},
		{"an exception with no date is refused", func(in *input) { in.exceptions[0].Date = Date{} },
			"an exception has the date 0000-00-00, which is not a date from 1900 to 2199"},
		{"an exception of no kind is refused", func(in *input) { in.exceptions[0].Kind = 0 },
			"the exception on 2026-01-12 is neither time off nor extra hours"},
		{"time off that ends before it starts is refused", func(in *input) { in.exceptions[0].Start, in.exceptions[0].End = At(10, 0), At(9, 0) },
			"the time off on 2026-01-12: 10:00–09:00 does not end after it starts"},
		{"time off that starts at a time and ends at midnight before is refused", func(in *input) { in.exceptions[0].Start = At(10, 0) },
			"the time off on 2026-01-12: 10:00–00:00 does not end after it starts"},
		{"extra hours with no location are refused", func(in *input) { in.exceptions[0].Kind = Open },
			"the extra hours on 2026-01-12 have no location"},
		{"extra hours with no times are refused", func(in *input) { in.exceptions[0].Kind, in.exceptions[0].Location = Open, "bellevue" },
			"the extra hours on 2026-01-12 at bellevue: 00:00–00:00 does not end after it starts"},
		{"too many exceptions are refused", func(in *input) { in.exceptions = make([]Exception, MaxExceptions+1) },
			"5001 exceptions are more than the 5000 allowed"},
		{"a booking that ends before it starts is refused", func(in *input) { in.bookings[0].End = now },
			"the booking at 2026-01-11T13:00:00-08:00 ends at 2026-01-11T12:00:00-08:00, not after it starts"},
		{"a booking with a negative buffer is refused", func(in *input) { in.bookings[0].Buffer = -time.Minute },
			"the booking at 2026-01-11T13:00:00-08:00 has a buffer of -1m0s, which must be from zero to 24h0m0s"},
		{"a booking with no start is refused", func(in *input) { in.bookings[0].Start = time.Time{} },
			"a booking's start, 0001-01-01T00:00:00Z, is not within the years 1900 to 2199"},
		{"too many bookings are refused", func(in *input) { in.bookings = make([]Booking, MaxBookings+1) },
			"100001 bookings are more than the 100000 allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := valid()
			tt.edit(&in)
			got, err := OpenSlots(in.windows, in.exceptions, in.bookings, in.req)
			if err == nil {
				t.Fatalf("OpenSlots = %d slots, want an error", len(got))
			}
			if kind := clinic.ErrorKind(err); kind != clinic.EInvalid {
				t.Errorf("error kind %q, want %q (%v)", kind, clinic.EInvalid, err)
			}
			if diff := cmp.Diff(tt.want, clinic.ErrorMessage(err)); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("the valid input itself is accepted", func(t *testing.T) {
		in := valid()
		if _, err := OpenSlots(in.windows, in.exceptions, in.bookings, in.req); err != nil {
			t.Fatal(err)
		}
	})
}

func TestTooManySlotsAreRefused(t *testing.T) {
	utc := time.UTC
	var windows []Window
	for day := time.Sunday; day <= time.Saturday; day++ {
		for _, loc := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
			windows = append(windows, Window{day, 0, EndOfDay, loc})
		}
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, utc)
	req := Request{Zone: utc, Now: now, Duration: 5 * time.Minute, Step: 5 * time.Minute, Horizon: MaxRange}
	_, err := OpenSlots(windows, nil, nil, req)
	want := "there are more than 200000 open slots: ask for a shorter range or a longer step"
	if diff := cmp.Diff(want, clinic.ErrorMessage(err)); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"08:30", At(8, 30), true},
		{"8:30", At(8, 30), true},
		{"00:00", 0, true},
		{"23:59", At(23, 59), true},
		{"24:00", EndOfDay, true},
		{"24:01", 0, false},
		{"25:00", 0, false},
		{"08:60", 0, false},
		{"08:5", 0, false},
		{"008:30", 0, false},
		{"8.30", 0, false},
		{"+8:30", 0, false},
		{"-1:30", 0, false},
		{" 8:30", 0, false},
		{"08:30 ", 0, false},
		{"", 0, false},
		{":", 0, false},
		{"８:30", 0, false},
	}
	for _, tt := range tests {
		name := "ParseClock reads " + tt.in
		if !tt.ok {
			name = "ParseClock refuses " + tt.in
		}
		t.Run(name, func(t *testing.T) {
			got, err := ParseClock(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseClock(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
			if err != nil && clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("error kind %q, want %q", clinic.ErrorKind(err), clinic.EInvalid)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		ok   bool
	}{
		{"2026-03-08", date(2026, 3, 8), true},
		{"2028-02-29", date(2028, 2, 29), true},
		{"2026-02-29", Date{}, false},
		{"2026-3-8", Date{}, false},
		{"08/03/2026", Date{}, false},
		{"", Date{}, false},
	}
	for _, tt := range tests {
		t.Run("ParseDate of "+tt.in, func(t *testing.T) {
			got, err := ParseDate(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
			}
		})
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"08:30", "8:30", "24:00", "24:01", "", "99:99", "1:5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			return
		}
		if !c.valid() {
			t.Fatalf("ParseClock(%q) = %d, outside the day", s, c)
		}
		again, err := ParseClock(c.String())
		if err != nil || again != c {
			t.Fatalf("ParseClock(%q) = %v, which reads back as %v, %v", s, c, again, err)
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-03-08", "2026-02-29", "0000-01-01", "9999-12-31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			return
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q) = %v, which writes back differently", s, d)
		}
	})
}
