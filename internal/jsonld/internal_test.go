package jsonld

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestExpandDays(t *testing.T) {
	const (
		su = time.Sunday
		mo = time.Monday
		tu = time.Tuesday
		we = time.Wednesday
		th = time.Thursday
		fr = time.Friday
		sa = time.Saturday
	)
	tests := []struct {
		name, days string
		want       []time.Weekday
	}{
		{"a weekday range expands to each day", "Mo-Fr", []time.Weekday{mo, tu, we, th, fr}},
		{"a single Saturday is one day", "Sa", []time.Weekday{sa}},
		{"a single Sunday is one day", "Su", []time.Weekday{su}},
		{"a list keeps its days in order", "Mo,We,Fr", []time.Weekday{mo, we, fr}},
		{"a short range expands", "Tu-Th", []time.Weekday{tu, we, th}},
		{"a range over the weekend wraps", "Fr-Mo", []time.Weekday{fr, sa, su, mo}},
		{"a range of one day is that day", "We-We", []time.Weekday{we}},
		{"ranges and days mix, with spaces", "Mo-We, Sa", []time.Weekday{mo, tu, we, sa}},
		{"a repeated day appears once", "Mo,Mo-Tu", []time.Weekday{mo, tu}},
		{"codes are read without regard to case", "mo-FR", []time.Weekday{mo, tu, we, th, fr}},
		{"an unknown code is skipped", "Xx", nil},
		{"an unknown code beside a known one is skipped", "Xx,Sa", []time.Weekday{sa}},
		{"a range with an unknown end is skipped", "Mo-Xx", nil},
		{"a misaligned code is not a day", "uM", nil},
		{"a full day name is not a code", "Monday", nil},
		{"a multi-byte rune does not panic", "é,Ü-Mo", nil},
		{"an empty string has no days", "", nil},
		{"a lone dash has no days", "-", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, expandDays(tt.days)); diff != "" {
				t.Errorf("expandDays(%q) mismatch (-want +got):\n%s", tt.days, diff)
			}
		})
	}
}

func TestISODuration(t *testing.T) {
	tests := []struct {
		name string
		d    time.Duration
		want string
	}{
		{"minutes and seconds", 3*time.Minute + 20*time.Second, "PT3M20S"},
		{"seconds only", 45 * time.Second, "PT45S"},
		{"whole minutes leave out seconds", 2 * time.Minute, "PT2M"},
		{"an hour and a half", 90 * time.Minute, "PT1H30M"},
		{"hours and seconds skip zero minutes", time.Hour + 5*time.Second, "PT1H5S"},
		{"all three parts", 2*time.Hour + 3*time.Minute + 4*time.Second, "PT2H3M4S"},
		{"fractions round down below half a second", 2*time.Second + 400*time.Millisecond, "PT2S"},
		{"fractions round up from half a second", 59*time.Second + 600*time.Millisecond, "PT1M"},
		{"zero is unknown", 0, ""},
		{"under half a second is unknown", 300 * time.Millisecond, ""},
		{"a negative duration is unknown", -time.Minute, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := isoDuration(tt.d); got != tt.want {
				t.Errorf("isoDuration(%v) = %q, want %q", tt.d, got, tt.want)
			}
		})
	}
}

func TestYouTubeThumbnail(t *testing.T) {
	tests := []struct {
		name, url, want string
	}{
		{"a nocookie embed gives the video's thumbnail", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ", "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"},
		{"query parameters are ignored", "https://www.youtube-nocookie.com/embed/a_B-c1?rel=0&start=5", "https://i.ytimg.com/vi/a_B-c1/hqdefault.jpg"},
		{"a youtube.com embed works too", "https://www.youtube.com/embed/abc123", "https://i.ytimg.com/vi/abc123/hqdefault.jpg"},
		{"a watch link is not an embed", "https://www.youtube.com/watch?v=abc123", ""},
		{"another host has none", "https://player.vimeo.com/video/12345", ""},
		{"a look-alike host has none", "https://youtube-nocookie.com.evil.example/embed/abc", ""},
		{"an id with a slash is refused", "https://www.youtube-nocookie.com/embed/abc/../x", ""},
		{"an empty id is refused", "https://www.youtube-nocookie.com/embed/", ""},
		{"a javascript URL has none", "javascript:alert(1)", ""},
		{"an empty URL has none", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := youTubeThumbnail(tt.url); got != tt.want {
				t.Errorf("youTubeThumbnail(%q) = %q, want %q", tt.url, got, tt.want)
			}
		})
	}
}

func TestAbsURL(t *testing.T) {
	tests := []struct {
		name, base, path, want string
	}{
		{"a path joins the base", "https://clinic.example", "/blog", "https://clinic.example/blog"},
		{"a trailing slash on the base is not doubled", "https://clinic.example/", "/blog", "https://clinic.example/blog"},
		{"a path without its slash gets one", "https://clinic.example", "blog", "https://clinic.example/blog"},
		{"an empty path is the home page", "https://clinic.example", "", "https://clinic.example/"},
		{"an absolute URL stays as it is", "https://clinic.example", "https://other.example/x", "https://other.example/x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := absURL(tt.base, tt.path); got != tt.want {
				t.Errorf("absURL(%q, %q) = %q, want %q", tt.base, tt.path, got, tt.want)
			}
		})
	}
}
