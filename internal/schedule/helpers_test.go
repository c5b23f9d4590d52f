package schedule

import (
	"testing"
	"time"
	_ "time/tzdata" // the same zone rules on every machine the tests run on
)

func loadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	zone, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return zone
}

// local reads "2006-01-02 15:04" as a wall time in zone; a wall time that
// occurs twice reads as its first occurrence.
func local(t testing.TB, zone *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, zone)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// show writes slots the way the tests expect them, in local time with the
// zone's abbreviation, so that a diff reads like a calendar.
func show(slots []Slot) []string {
	var out []string
	for _, s := range slots {
		out = append(out, s.Start.Format("2006-01-02 15:04 MST")+"–"+s.End.Format("15:04 MST")+" "+s.Location)
	}
	return out
}

// booked returns a booking at the wall time start in zone.
func booked(t testing.TB, zone *time.Location, start string, length, buffer time.Duration) Booking {
	t.Helper()
	s := local(t, zone, start)
	return Booking{Start: s, End: s.Add(length), Buffer: buffer}
}

func date(y int, m time.Month, d int) Date { return Date{y, m, d} }

func TestLoadZoneFallsBackToTheDefault(t *testing.T) {
	for name, want := range map[string]string{"": DefaultZone, "Local": DefaultZone, "Mars/Olympus": DefaultZone,
		"../../etc/passwd": DefaultZone, "Europe/London": "Europe/London"} {
		if got := LoadZone(name).String(); got != want {
			t.Errorf("LoadZone(%q) = %s, want %s", name, got, want)
		}
	}
}
