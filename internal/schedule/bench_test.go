package schedule

import (
	"testing"
	"time"
)

// provider is one provider's calendar for the benchmark.
type provider struct {
	windows    []Window
	exceptions []Exception
	bookings   []Booking
}

// benchProviders builds n providers with a clinic's week: two locations,
// mornings and afternoons with a lunch gap, some Saturdays, a holiday, an
// afternoon off, and five bookings on each working day from now on.
func benchProviders(b *testing.B, zone *time.Location, now time.Time, n, days int) []provider {
	locations := []string{"bellevue", "bellingham", "bothell", "everett", "gig-harbor", "kent", "kirkland", "seattle", "tacoma", "woodinville"}
	out := make([]provider, n)
	for i := range out {
		p := &out[i]
		for day := time.Monday; day <= time.Friday; day++ {
			loc := locations[i%len(locations)]
			if day == time.Tuesday || day == time.Thursday {
				loc = locations[(i+3)%len(locations)]
			}
			p.windows = append(p.windows, Window{day, At(8, 0), At(12, 0), loc}, Window{day, At(13, 0), At(17, 0), loc})
		}
		if i%3 == 0 {
			p.windows = append(p.windows, Window{time.Saturday, At(9, 0), At(13, 0), locations[i%len(locations)]})
		}
		p.exceptions = []Exception{
			{Date: date(2026, 3, 16), Kind: Closed},
			{Date: date(2026, 3, 4), Start: At(13, 0), End: At(17, 0), Kind: Closed},
		}
		first := DateOf(now.In(zone))
		for d := range days {
			day := first.midnight().AddDate(0, 0, d)
			if day.Weekday() == time.Sunday || day.Weekday() == time.Saturday {
				continue
			}
			for k, at := range []string{"08:00", "09:30", "10:45", "13:30", "15:15"} {
				start := local(b, zone, day.Format(time.DateOnly)+" "+at).Add(time.Duration((i+k)%4) * 15 * time.Minute)
				p.bookings = append(p.bookings, Booking{Start: start, End: start.Add(time.Duration(30+15*(k%3)) * time.Minute), Buffer: 10 * time.Minute})
			}
		}
	}
	return out
}

// BenchmarkOpenSlots30Providers60Days computes the open slots of 30
// providers for the 60 days ahead, one call per provider, across the
// spring change.
func BenchmarkOpenSlots30Providers60Days(b *testing.B) {
	la := loadZone(b, "America/Los_Angeles")
	now := local(b, la, "2026-02-23 08:00")
	providers := benchProviders(b, la, now, 30, 60)
	req := Request{
		Zone: la, Now: now,
		Duration: 30 * time.Minute, Buffer: 10 * time.Minute, Step: 15 * time.Minute,
		MinNotice: 24 * time.Hour, Horizon: 60 * 24 * time.Hour, DailyCap: 12,
	}
	slots := 0
	for b.Loop() {
		slots = 0
		for _, p := range providers {
			got, err := OpenSlots(p.windows, p.exceptions, p.bookings, req)
			if err != nil {
				b.Fatal(err)
			}
			slots += len(got)
		}
	}
	b.ReportMetric(float64(slots), "slots/op")
}
