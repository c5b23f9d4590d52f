package schedule

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestWorkingHours(t *testing.T) {
	monday := Date{2026, time.November, 30}
	week := []Window{
		{time.Monday, At(8, 0), At(12, 0), "seattle"},
		{time.Monday, At(13, 0), At(17, 0), "seattle"},
		{time.Monday, At(11, 0), At(12, 30), "kent"},
		{time.Tuesday, At(8, 0), At(17, 0), "tacoma"},
	}
	tests := []struct {
		name       string
		exceptions []Exception
		date       Date
		want       []Stretch
	}{
		{
			name: "a Monday has its windows by office, morning before afternoon",
			date: monday,
			want: []Stretch{{"kent", At(11, 0), At(12, 30)}, {"seattle", At(8, 0), At(12, 0)}, {"seattle", At(13, 0), At(17, 0)}},
		},
		{
			name: "a Sunday has none",
			date: Date{2026, time.November, 29},
		},
		{
			name:       "a whole day off at every office leaves nothing",
			exceptions: []Exception{{Date: monday, Kind: Closed}},
			date:       monday,
		},
		{
			name:       "a morning off at one office cuts only that office",
			exceptions: []Exception{{Date: monday, Start: At(8, 0), End: At(10, 0), Kind: Closed, Location: "seattle"}},
			date:       monday,
			want:       []Stretch{{"kent", At(11, 0), At(12, 30)}, {"seattle", At(10, 0), At(12, 0)}, {"seattle", At(13, 0), At(17, 0)}},
		},
		{
			name:       "extra hours that touch a window join it",
			exceptions: []Exception{{Date: monday, Start: At(12, 0), End: At(13, 0), Kind: Open, Location: "seattle"}},
			date:       monday,
			want:       []Stretch{{"kent", At(11, 0), At(12, 30)}, {"seattle", At(8, 0), At(17, 0)}},
		},
		{
			name:       "an exception of another date changes nothing",
			exceptions: []Exception{{Date: Date{2026, time.December, 1}, Kind: Closed}},
			date:       monday,
			want:       []Stretch{{"kent", At(11, 0), At(12, 30)}, {"seattle", At(8, 0), At(12, 0)}, {"seattle", At(13, 0), At(17, 0)}},
		},
		{
			name:       "extra hours on a Saturday open it",
			exceptions: []Exception{{Date: Date{2026, time.December, 5}, Start: At(9, 0), End: At(12, 0), Kind: Open, Location: "kent"}},
			date:       Date{2026, time.December, 5},
			want:       []Stretch{{"kent", At(9, 0), At(12, 0)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := WorkingHours(week, tt.exceptions, tt.date)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestWorkingHoursRefusesBadInput(t *testing.T) {
	monday := Date{2026, time.November, 30}
	tests := []struct {
		name       string
		windows    []Window
		exceptions []Exception
		date       Date
	}{
		{"a date that does not exist", nil, nil, Date{2026, time.February, 30}},
		{"a window that ends before it starts", []Window{{time.Monday, At(12, 0), At(8, 0), "kent"}}, nil, monday},
		{"a window with no office", []Window{{time.Monday, At(8, 0), At(12, 0), ""}}, nil, monday},
		{"extra hours with no office", nil, []Exception{{Date: monday, Start: At(8, 0), End: At(9, 0), Kind: Open}}, monday},
		{"an exception of no kind", nil, []Exception{{Date: monday}}, monday},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused", func(t *testing.T) {
			if _, err := WorkingHours(tt.windows, tt.exceptions, tt.date); clinic.ErrorKind(err) != clinic.EInvalid {
				t.Errorf("err = %v, want EInvalid", err)
			}
		})
	}
}

func TestContains(t *testing.T) {
	hours := []Stretch{{"kent", At(11, 0), At(12, 30)}, {"seattle", At(8, 0), At(12, 0)}}
	tests := []struct {
		name       string
		start, end Clock
		want       string
		ok         bool
	}{
		{"a visit inside the morning is at its office", At(9, 0), At(9, 30), "seattle", true},
		{"a visit that ends as the hours end fits", At(11, 30), At(12, 0), "kent", true},
		{"a visit that runs past the hours does not fit", At(12, 15), At(12, 45), "", false},
		{"a visit before the first hour does not fit", At(7, 30), At(8, 0), "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc, ok := Contains(hours, tt.start, tt.end)
			if loc != tt.want || ok != tt.ok {
				t.Errorf("Contains = %q, %v; want %q, %v", loc, ok, tt.want, tt.ok)
			}
		})
	}
}
