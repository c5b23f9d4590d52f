package schedule

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOpenSlots(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	at := func(s string) time.Time { return local(t, la, s) }
	book := func(start string, length, buffer time.Duration) Booking {
		return booked(t, la, start, length, buffer)
	}
	// Sunday noon; the range runs to the end of the week.
	base := Request{
		Zone:     la,
		Now:      at("2026-01-11 12:00"),
		To:       at("2026-01-18 00:00"),
		Duration: 30 * time.Minute,
		Step:     30 * time.Minute,
		Horizon:  30 * 24 * time.Hour,
	}
	monday := Window{time.Monday, At(8, 0), At(10, 0), "bellevue"}
	tuesday := Window{time.Tuesday, At(8, 0), At(9, 0), "bellevue"}

	tests := []struct {
		name       string
		windows    []Window
		exceptions []Exception
		bookings   []Booking
		change     func(*Request)
		want       []string
	}{
		{
			name:    "an ordinary Monday morning offers a slot every half hour",
			windows: []Window{monday},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:    "a slot that would end after the window is not offered",
			windows: []Window{monday},
			change:  func(r *Request) { r.Duration = 45 * time.Minute },
			want: []string{
				"2026-01-12 08:00 PST–08:45 PST bellevue",
				"2026-01-12 08:30 PST–09:15 PST bellevue",
				"2026-01-12 09:00 PST–09:45 PST bellevue",
			},
		},
		{
			name: "the lunch gap offers nothing between the morning and the afternoon",
			windows: []Window{
				{time.Monday, At(8, 0), At(12, 0), "bellevue"},
				{time.Monday, At(13, 0), At(17, 0), "bellevue"},
			},
			change: func(r *Request) { r.Duration, r.Step = time.Hour, time.Hour },
			want: []string{
				"2026-01-12 08:00 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–10:00 PST bellevue",
				"2026-01-12 10:00 PST–11:00 PST bellevue",
				"2026-01-12 11:00 PST–12:00 PST bellevue",
				"2026-01-12 13:00 PST–14:00 PST bellevue",
				"2026-01-12 14:00 PST–15:00 PST bellevue",
				"2026-01-12 15:00 PST–16:00 PST bellevue",
				"2026-01-12 16:00 PST–17:00 PST bellevue",
			},
		},
		{
			name: "windows that touch are joined into one",
			windows: []Window{
				{time.Monday, At(9, 0), At(10, 0), "bellevue"},
				{time.Monday, At(8, 0), At(9, 0), "bellevue"},
			},
			change: func(r *Request) { r.Duration = time.Hour },
			want: []string{
				"2026-01-12 08:00 PST–09:00 PST bellevue",
				"2026-01-12 08:30 PST–09:30 PST bellevue",
				"2026-01-12 09:00 PST–10:00 PST bellevue",
			},
		},
		{
			name:    "slots start every step from the start of the window",
			windows: []Window{{time.Monday, At(8, 10), At(9, 20), "bellevue"}},
			change:  func(r *Request) { r.Step = 20 * time.Minute },
			want: []string{
				"2026-01-12 08:10 PST–08:40 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 08:50 PST–09:20 PST bellevue",
			},
		},
		{
			name:     "a booking takes the slots it overlaps",
			windows:  []Window{monday},
			bookings: []Booking{book("2026-01-12 09:00", 30*time.Minute, 0)},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:     "a booking's buffer takes the slot after it",
			windows:  []Window{monday},
			bookings: []Booking{book("2026-01-12 08:30", 30*time.Minute, 15*time.Minute)},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:     "the appointment's own buffer must not run into the next booking",
			windows:  []Window{monday},
			bookings: []Booking{book("2026-01-12 09:00", 30*time.Minute, 0)},
			change:   func(r *Request) { r.Buffer = 15 * time.Minute },
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:    "the appointment's buffer may run past the end of the window",
			windows: []Window{{time.Monday, At(8, 0), At(9, 0), "bellevue"}},
			change:  func(r *Request) { r.Buffer = 15 * time.Minute },
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
			},
		},
		{
			name:     "a booking outside the windows still takes the provider's time",
			windows:  []Window{monday, {time.Monday, At(8, 0), At(10, 0), "kirkland"}},
			bookings: []Booking{book("2026-01-12 08:00", 90*time.Minute, 0)},
			want: []string{
				"2026-01-12 09:30 PST–10:00 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST kirkland",
			},
		},
		{
			name:    "minimum notice hides the slots that start too soon",
			windows: []Window{monday},
			change:  func(r *Request) { r.Now, r.MinNotice = at("2026-01-12 07:45"), time.Hour },
			want: []string{
				"2026-01-12 09:00 PST–09:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:    "a slot that starts exactly at the minimum notice is offered",
			windows: []Window{monday},
			change:  func(r *Request) { r.Now, r.MinNotice = at("2026-01-12 07:30"), time.Hour },
			want: []string{
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:    "the horizon hides the slots that start after it, and a slot at it is offered",
			windows: []Window{monday},
			change:  func(r *Request) { r.Horizon = 21 * time.Hour },
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
			},
		},
		{
			name:    "the range asked for includes its start and leaves out its end",
			windows: []Window{monday},
			change:  func(r *Request) { r.From, r.To = at("2026-01-12 08:30"), at("2026-01-12 09:30") },
			want: []string{
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
			},
		},
		{
			name:    "with no range given, slots run from now to the horizon",
			windows: []Window{monday},
			change: func(r *Request) {
				r.From, r.To, r.Now, r.Horizon = time.Time{}, time.Time{}, at("2026-01-12 08:15"), time.Hour
			},
			want: []string{
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
			},
		},
		{
			name:    "the daily cap hides a day that is full",
			windows: []Window{monday, tuesday},
			bookings: []Booking{
				book("2026-01-12 10:00", 30*time.Minute, 0),
				book("2026-01-12 11:00", 30*time.Minute, 0),
			},
			change: func(r *Request) { r.DailyCap = 2 },
			want: []string{
				"2026-01-13 08:00 PST–08:30 PST bellevue",
				"2026-01-13 08:30 PST–09:00 PST bellevue",
			},
		},
		{
			name:    "a block of staff time does not count towards the daily cap",
			windows: []Window{monday},
			bookings: []Booking{
				book("2026-01-12 10:00", 30*time.Minute, 0),
				{Start: at("2026-01-12 11:00"), End: at("2026-01-12 11:30"), Block: true},
			},
			change: func(r *Request) { r.DailyCap = 2 },
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 09:00 PST–09:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:     "the daily cap leaves a day with room open",
			windows:  []Window{tuesday},
			bookings: []Booking{book("2026-01-13 12:00", 30*time.Minute, 0), book("2026-01-12 12:00", 30*time.Minute, 0)},
			change:   func(r *Request) { r.DailyCap = 2 },
			want: []string{
				"2026-01-13 08:00 PST–08:30 PST bellevue",
				"2026-01-13 08:30 PST–09:00 PST bellevue",
			},
		},
		{
			name:       "a whole day off closes every location",
			windows:    []Window{monday, tuesday, {time.Monday, At(8, 0), At(9, 0), "kirkland"}},
			exceptions: []Exception{{Date: date(2026, 1, 12), Kind: Closed}},
			want: []string{
				"2026-01-13 08:00 PST–08:30 PST bellevue",
				"2026-01-13 08:30 PST–09:00 PST bellevue",
			},
		},
		{
			name:       "a day off at one location leaves the others open",
			windows:    []Window{monday, {time.Monday, At(8, 0), At(9, 0), "kirkland"}},
			exceptions: []Exception{{Date: date(2026, 1, 12), Kind: Closed, Location: "bellevue"}},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST kirkland",
				"2026-01-12 08:30 PST–09:00 PST kirkland",
			},
		},
		{
			name:       "time off for part of a day takes only its hours",
			windows:    []Window{monday},
			exceptions: []Exception{{Date: date(2026, 1, 12), Start: At(8, 30), End: At(9, 30), Kind: Closed}},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 09:30 PST–10:00 PST bellevue",
			},
		},
		{
			name:       "extra hours on a Saturday add slots",
			windows:    []Window{tuesday},
			exceptions: []Exception{{Date: date(2026, 1, 17), Start: At(10, 0), End: At(11, 0), Kind: Open, Location: "bellevue"}},
			want: []string{
				"2026-01-13 08:00 PST–08:30 PST bellevue",
				"2026-01-13 08:30 PST–09:00 PST bellevue",
				"2026-01-17 10:00 PST–10:30 PST bellevue",
				"2026-01-17 10:30 PST–11:00 PST bellevue",
			},
		},
		{
			name:       "extra hours that touch a weekly window join it",
			windows:    []Window{{time.Monday, At(8, 0), At(9, 0), "bellevue"}},
			exceptions: []Exception{{Date: date(2026, 1, 12), Start: At(9, 0), End: At(10, 0), Kind: Open, Location: "bellevue"}},
			change:     func(r *Request) { r.Duration = time.Hour },
			want: []string{
				"2026-01-12 08:00 PST–09:00 PST bellevue",
				"2026-01-12 08:30 PST–09:30 PST bellevue",
				"2026-01-12 09:00 PST–10:00 PST bellevue",
			},
		},
		{
			name: "time off wins over extra hours on the same date",
			exceptions: []Exception{
				{Date: date(2026, 1, 17), Start: At(10, 0), End: At(11, 0), Kind: Open, Location: "bellevue"},
				{Date: date(2026, 1, 17), Kind: Closed},
			},
			want: nil,
		},
		{
			name:    "two locations on one morning come in order of time, then of location",
			windows: []Window{{time.Monday, At(8, 30), At(9, 30), "kirkland"}, {time.Monday, At(8, 0), At(9, 0), "bellevue"}},
			want: []string{
				"2026-01-12 08:00 PST–08:30 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST bellevue",
				"2026-01-12 08:30 PST–09:00 PST kirkland",
				"2026-01-12 09:00 PST–09:30 PST kirkland",
			},
		},
		{
			name:    "a window to midnight offers the last slot of the day",
			windows: []Window{{time.Monday, At(23, 0), EndOfDay, "bellevue"}},
			want: []string{
				"2026-01-12 23:00 PST–23:30 PST bellevue",
				"2026-01-12 23:30 PST–00:00 PST bellevue",
			},
		},
		{
			name:    "no windows offer no slots",
			windows: nil,
			want:    nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := base
			if tt.change != nil {
				tt.change(&req)
			}
			got, err := OpenSlots(tt.windows, tt.exceptions, tt.bookings, req)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, show(got)); diff != "" {
				t.Errorf("OpenSlots (-want +got):\n%s", diff)
			}
		})
	}
}

func TestSlotsAreInTheRequestZone(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	now := local(t, la, "2026-01-11 12:00")
	req := Request{Zone: la, Now: now.UTC(), Duration: 30 * time.Minute, Step: 30 * time.Minute, Horizon: 2 * 24 * time.Hour}
	got, err := OpenSlots([]Window{{time.Monday, At(9, 0), At(9, 30), "bellevue"}}, nil, nil, req)
	if err != nil {
		t.Fatal(err)
	}
	want := []Slot{{Start: local(t, la, "2026-01-12 09:00"), End: local(t, la, "2026-01-12 09:30"), Location: "bellevue"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("OpenSlots (-want +got):\n%s", diff)
	}
	if len(got) == 1 && (got[0].Start.Location() != la || got[0].End.Location() != la) {
		t.Errorf("slot in %v and %v, want %v", got[0].Start.Location(), got[0].End.Location(), la)
	}
}

func TestOpenSlotsLeavesItsInputsAlone(t *testing.T) {
	la := loadZone(t, "America/Los_Angeles")
	windows := []Window{{time.Monday, At(13, 0), At(14, 0), "bellevue"}, {time.Monday, At(8, 0), At(9, 0), "bellevue"}}
	bookings := []Booking{booked(t, la, "2026-01-12 13:00", time.Hour, 0), booked(t, la, "2026-01-12 08:00", time.Hour, 0)}
	exceptions := []Exception{{Date: date(2026, 1, 12), Start: At(10, 0), End: At(11, 0), Kind: Open, Location: "bellevue"}}
	wantW, wantB, wantE := append([]Window(nil), windows...), append([]Booking(nil), bookings...), append([]Exception(nil), exceptions...)
	req := Request{Zone: la, Now: local(t, la, "2026-01-11 12:00"), Duration: 30 * time.Minute, Step: 30 * time.Minute, Horizon: 7 * 24 * time.Hour}
	if _, err := OpenSlots(windows, exceptions, bookings, req); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(wantW, windows); diff != "" {
		t.Errorf("windows changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantB, bookings); diff != "" {
		t.Errorf("bookings changed (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(wantE, exceptions); diff != "" {
		t.Errorf("exceptions changed (-want +got):\n%s", diff)
	}
}
