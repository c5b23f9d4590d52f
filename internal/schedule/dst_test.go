package schedule

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOpenSlotsAcrossClockChanges(t *testing.T) {
	sunday := func(from, to Clock) []Window { return []Window{{time.Sunday, from, to, "bellevue"}} }
	tests := []struct {
		name     string
		zone     string
		windows  []Window
		day      string // the local date asked for
		duration time.Duration
		step     time.Duration
		want     []string
	}{
		{
			name: "on the spring-forward day no slot starts in the missing hour and 03:00 follows 01:30",
			zone: "America/Los_Angeles", windows: sunday(At(0, 0), At(6, 0)), day: "2026-03-08",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-03-08 00:00 PST–00:30 PST bellevue",
				"2026-03-08 00:30 PST–01:00 PST bellevue",
				"2026-03-08 01:00 PST–01:30 PST bellevue",
				"2026-03-08 01:30 PST–03:00 PDT bellevue",
				"2026-03-08 03:00 PDT–03:30 PDT bellevue",
				"2026-03-08 03:30 PDT–04:00 PDT bellevue",
				"2026-03-08 04:00 PDT–04:30 PDT bellevue",
				"2026-03-08 04:30 PDT–05:00 PDT bellevue",
				"2026-03-08 05:00 PDT–05:30 PDT bellevue",
				"2026-03-08 05:30 PDT–06:00 PDT bellevue",
			},
		},
		{
			name: "a window that starts in the missing hour opens at 03:00",
			zone: "America/Los_Angeles", windows: sunday(At(2, 30), At(5, 0)), day: "2026-03-08",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-03-08 03:00 PDT–03:30 PDT bellevue",
				"2026-03-08 03:30 PDT–04:00 PDT bellevue",
				"2026-03-08 04:00 PDT–04:30 PDT bellevue",
				"2026-03-08 04:30 PDT–05:00 PDT bellevue",
			},
		},
		{
			name: "a slot in the missing hour is skipped, not moved: a grid from 02:15 goes on at 03:15",
			zone: "America/Los_Angeles", windows: sunday(At(2, 15), At(4, 15)), day: "2026-03-08",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-03-08 03:15 PDT–03:45 PDT bellevue",
				"2026-03-08 03:45 PDT–04:15 PDT bellevue",
			},
		},
		{
			name: "an hour-long slot across the spring change lasts an hour of real time",
			zone: "America/Los_Angeles", windows: sunday(At(1, 0), At(4, 0)), day: "2026-03-08",
			duration: time.Hour, step: 30 * time.Minute,
			want: []string{
				"2026-03-08 01:00 PST–03:00 PDT bellevue",
				"2026-03-08 01:30 PST–03:30 PDT bellevue",
				"2026-03-08 03:00 PDT–04:00 PDT bellevue",
			},
		},
		{
			name: "on the fall-back day each wall time of the repeated hour is offered once",
			zone: "America/Los_Angeles", windows: sunday(At(0, 0), At(3, 0)), day: "2026-11-01",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-11-01 00:00 PDT–00:30 PDT bellevue",
				"2026-11-01 00:30 PDT–01:00 PDT bellevue",
				"2026-11-01 01:00 PDT–01:30 PDT bellevue",
				"2026-11-01 01:30 PDT–01:00 PST bellevue",
				"2026-11-01 02:00 PST–02:30 PST bellevue",
				"2026-11-01 02:30 PST–03:00 PST bellevue",
			},
		},
		{
			name: "a window from 01:30 on the fall-back day offers 01:45 once, when it fits",
			zone: "America/Los_Angeles", windows: sunday(At(1, 30), At(3, 0)), day: "2026-11-01",
			duration: 30 * time.Minute, step: 15 * time.Minute,
			want: []string{
				"2026-11-01 01:30 PDT–01:00 PST bellevue",
				"2026-11-01 01:45 PST–02:15 PST bellevue",
				"2026-11-01 02:00 PST–02:30 PST bellevue",
				"2026-11-01 02:15 PST–02:45 PST bellevue",
				"2026-11-01 02:30 PST–03:00 PST bellevue",
			},
		},
		{
			name: "a window over the repeated hour lasts two hours of real time",
			zone: "America/Los_Angeles", windows: sunday(At(1, 0), At(2, 0)), day: "2026-11-01",
			duration: time.Hour, step: 30 * time.Minute,
			want: []string{
				"2026-11-01 01:00 PDT–01:00 PST bellevue",
				"2026-11-01 01:30 PDT–01:30 PST bellevue",
			},
		},
		{
			name: "Lord Howe Island's half-hour spring change skips 02:00",
			zone: "Australia/Lord_Howe", windows: sunday(At(1, 0), At(4, 0)), day: "2026-10-04",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-10-04 01:00 +1030–01:30 +1030 bellevue",
				"2026-10-04 01:30 +1030–02:30 +11 bellevue",
				"2026-10-04 02:30 +11–03:00 +11 bellevue",
				"2026-10-04 03:00 +11–03:30 +11 bellevue",
				"2026-10-04 03:30 +11–04:00 +11 bellevue",
			},
		},
		{
			name: "Lord Howe Island's half-hour autumn change offers 01:30 once",
			zone: "Australia/Lord_Howe", windows: sunday(At(1, 0), At(3, 0)), day: "2026-04-05",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-04-05 01:00 +11–01:30 +11 bellevue",
				"2026-04-05 01:30 +11–01:30 +1030 bellevue",
				"2026-04-05 02:00 +1030–02:30 +1030 bellevue",
				"2026-04-05 02:30 +1030–03:00 +1030 bellevue",
			},
		},
		{
			name: "in Havana the spring-forward day starts at 01:00",
			zone: "America/Havana", windows: sunday(At(0, 0), At(2, 0)), day: "2026-03-08",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-03-08 01:00 CDT–01:30 CDT bellevue",
				"2026-03-08 01:30 CDT–02:00 CDT bellevue",
			},
		},
		{
			name: "in Santiago the hour before midnight repeats and is offered once",
			zone: "America/Santiago", windows: []Window{{time.Saturday, At(23, 0), EndOfDay, "bellevue"}}, day: "2026-04-04",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: []string{
				"2026-04-04 23:00 -03–23:30 -03 bellevue",
				"2026-04-04 23:30 -03–23:00 -04 bellevue",
			},
		},
		{
			name: "Samoa skipped 2011-12-30 and offers nothing on it",
			zone: "Pacific/Apia", windows: []Window{{time.Friday, At(9, 0), At(10, 0), "apia"}}, day: "2011-12-30",
			duration: 30 * time.Minute, step: 30 * time.Minute,
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			zone := loadZone(t, tt.zone)
			day := local(t, zone, tt.day+" 00:00")
			req := Request{
				Zone: zone, Now: day.Add(-24 * time.Hour), From: day.Add(-time.Hour), To: day.Add(26 * time.Hour),
				Duration: tt.duration, Step: tt.step, Horizon: 7 * 24 * time.Hour,
			}
			got, err := OpenSlots(tt.windows, nil, nil, req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, show(got)); diff != "" {
				t.Errorf("OpenSlots (-want +got):\n%s", diff)
			}
		})
	}
}

// A day of hour-long slots from 00:00 to 24:00 holds as many slots as the
// day has distinct wall-clock hours.
func TestHourSlotsOfAWholeDay(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	tests := []struct {
		name string
		day  string
		want int
	}{
		{"an ordinary Sunday has 24", "2026-03-01", 24},
		{"the spring-forward Sunday has 23", "2026-03-08", 23},
		{"the fall-back Sunday has 24, not 25", "2026-11-01", 24},
	}
	windows := []Window{{time.Sunday, 0, EndOfDay, "bellevue"}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := local(t, la, tt.day+" 00:00")
			req := Request{
				Zone: la, Now: start, To: start.AddDate(0, 0, 1),
				Duration: time.Hour, Step: time.Hour, Horizon: 7 * 24 * time.Hour,
			}
			got, err := OpenSlots(windows, nil, nil, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want {
				t.Errorf("got %d slots, want %d:\n%v", len(got), tt.want, show(got))
			}
		})
	}
}

func TestWeeklyNineOClockStaysNineOClock(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	windows := []Window{
		{time.Sunday, At(9, 0), At(10, 0), "bellevue"},
		{time.Monday, At(9, 0), At(10, 0), "bellevue"},
	}
	tests := []struct {
		name    string
		day     string
		utcHour int
	}{
		{"the Monday a week before the spring change", "2026-03-02", 17},
		{"the Sunday before the spring change", "2026-03-01", 17},
		{"the spring-change Sunday", "2026-03-08", 16},
		{"the Monday after the spring change", "2026-03-09", 16},
		{"the Monday a week after the spring change", "2026-03-16", 16},
		{"the Monday a week before the autumn change", "2026-10-26", 16},
		{"the autumn-change Sunday", "2026-11-01", 17},
		{"the Monday after the autumn change", "2026-11-02", 17},
		{"the Monday a week after the autumn change", "2026-11-09", 17},
	}
	for _, tt := range tests {
		t.Run(tt.name+" offers 09:00 local", func(t *testing.T) {
			start := local(t, la, tt.day+" 00:00")
			req := Request{
				Zone: la, Now: start, To: start.AddDate(0, 0, 1),
				Duration: time.Hour, Step: time.Hour, Horizon: 7 * 24 * time.Hour,
			}
			got, err := OpenSlots(windows, nil, nil, req)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 {
				t.Fatalf("got %v, want one slot", show(got))
			}
			s := got[0].Start
			if h, m := s.In(la).Hour(), s.In(la).Minute(); h != 9 || m != 0 {
				t.Errorf("slot at %02d:%02d local, want 09:00", h, m)
			}
			if h := s.UTC().Hour(); h != tt.utcHour {
				t.Errorf("slot at %02d:00 UTC, want %02d:00", h, tt.utcHour)
			}
		})
	}
}

func TestTokyoHasNoClockChanges(t *testing.T) {
	tokyo := loadZone(t, "Asia/Tokyo")
	var windows []Window
	for day := time.Sunday; day <= time.Saturday; day++ {
		windows = append(windows, Window{day, At(9, 0), At(10, 0), "tokyo"})
	}
	start := local(t, tokyo, "2026-01-01 00:00")
	req := Request{
		Zone: tokyo, Now: start, To: start.AddDate(1, 0, 0),
		Duration: time.Hour, Step: time.Hour, Horizon: 366 * 24 * time.Hour,
	}
	got, err := OpenSlots(windows, nil, nil, req)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 365 {
		t.Errorf("got %d slots in 2026, want 365", len(got))
	}
	for _, s := range got {
		if s.Start.UTC().Hour() != 0 || s.Start.Hour() != 9 || s.End.Sub(s.Start) != time.Hour {
			t.Fatalf("slot %v–%v, want 09:00–10:00 JST, 00:00 UTC", s.Start, s.End)
		}
	}
}
