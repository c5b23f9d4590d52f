package main

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"
)

// tally is what a run saw: the answers by kind and every latency.
type tally struct {
	booked, taken, other, failed int
	limited                      int // of other: 429, too many bookings from one address
	latencies                    []time.Duration
}

func (t *tally) add(o tally) {
	t.booked += o.booked
	t.taken += o.taken
	t.other += o.other
	t.failed += o.failed
	t.limited += o.limited
	t.latencies = append(t.latencies, o.latencies...)
}

// booking is one details form and the address of the patient who sends
// it.
type booking struct {
	form url.Values
	from string
}

// patientAddr is a distinct address for the n-th patient of a run, from
// 10.0.0.0/8.
func patientAddr(n int) string {
	n++
	return fmt.Sprintf("10.%d.%d.%d", n>>16&255, n>>8&255, n&255)
}

// bookingForm is the form the details page posts for s, filled in for
// the n-th patient of the run, with a fresh idempotency key.
func bookingForm(s slot, n int) url.Values {
	v := url.Values{}
	for _, k := range []string{"type", "location", "doctor", "start"} {
		v.Set(k, s.query.Get(k))
	}
	v.Set("key", rand.Text())
	v.Set("name", fmt.Sprintf("Bench Patient %d", n))
	v.Set("dob", "1970-01-01")
	v.Set("phone", "(206) 555-0100")
	v.Set("email", fmt.Sprintf("bench-%d@example.com", n))
	v.Set("reason", "Load test")
	return v
}

// post sends one booking form, as a trusted proxy in front of the clinic
// would with the patient's address, and says how it was answered.
func post(ctx context.Context, c *http.Client, base string, b booking) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/appointments/details", strings.NewReader(b.form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", b.from)
	res, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if _, err := io.Copy(io.Discard, res.Body); err != nil {
		return 0, err
	}
	return res.StatusCode, nil
}

// book posts every form with clients at once, each client one form after
// another, and tallies the answers.
func book(ctx context.Context, c *http.Client, base string, forms []booking, clients int, errs io.Writer) tally {
	next := make(chan booking)
	var mu sync.Mutex
	var total tally
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			var mine tally
			for f := range next {
				began := time.Now()
				status, err := post(ctx, c, base, f)
				mine.latencies = append(mine.latencies, time.Since(began))
				switch {
				case err != nil:
					mine.failed++
					if mine.failed == 1 {
						fmt.Fprintln(errs, "booking:", err)
					}
				case status == http.StatusSeeOther:
					mine.booked++
				case status == http.StatusConflict:
					mine.taken++
				case status == http.StatusTooManyRequests:
					mine.limited++
					mine.other++
				default:
					mine.other++
				}
			}
			mu.Lock()
			total.add(mine)
			mu.Unlock()
		})
	}
	for _, f := range forms {
		if ctx.Err() != nil {
			break
		}
		next <- f
	}
	close(next)
	wg.Wait()
	return total
}

// percentile is the p-th percentile (0 < p ≤ 100) of sorted durations,
// by the nearest-rank method, or 0 when there are none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(float64(len(sorted))*p/100)) - 1
	return sorted[min(max(rank, 0), len(sorted)-1)]
}

// report prints the figures of a run.
func report(w io.Writer, t tally, elapsed time.Duration, clients int) {
	lat := slices.Clone(t.latencies)
	slices.Sort(lat)
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
	fmt.Fprintf(w, "%d clients, %d requests in %.2fs\n", clients, len(lat), elapsed.Seconds())
	fmt.Fprintf(w, "booked    %d  (%.1f bookings/s)\n", t.booked, float64(t.booked)/elapsed.Seconds())
	fmt.Fprintf(w, "latency   p50 %s  p99 %s  max %s\n", ms(percentile(lat, 50)), ms(percentile(lat, 99)), ms(percentile(lat, 100)))
	fmt.Fprintf(w, "answers   303: %d  409: %d  other: %d  errors: %d\n", t.booked, t.taken, t.other, t.failed)
}
