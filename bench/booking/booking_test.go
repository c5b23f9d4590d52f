package main

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestIndependentKeepsTimesThatCanAllBeBooked(t *testing.T) {
	at := func(doctor, clock string) slot {
		s, err := time.Parse(time.RFC3339, "2026-12-07T"+clock+":00-08:00")
		if err != nil {
			t.Fatal(err)
		}
		return slot{doctor: doctor, start: s}
	}
	tests := []struct {
		name     string
		in, want []slot
	}{
		{"times on the 15-minute grid keep every other one",
			[]slot{at("a", "08:00"), at("a", "08:15"), at("a", "08:30"), at("a", "08:45"), at("a", "09:00")},
			[]slot{at("a", "08:00"), at("a", "08:30"), at("a", "09:00")}},
		{"two clinicians at the same time keep both",
			[]slot{at("b", "08:00"), at("a", "08:00")},
			[]slot{at("a", "08:00"), at("b", "08:00")}},
		{"times out of order are sorted first",
			[]slot{at("a", "09:00"), at("a", "08:00"), at("a", "08:15")},
			[]slot{at("a", "08:00"), at("a", "09:00")}},
		{"no times give none", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := independent(tt.in, 30*time.Minute)
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(slot{})); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestPercentileIsTheNearestRank(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		out := make([]time.Duration, len(n))
		for i, v := range n {
			out[i] = time.Duration(v) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	tests := []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"the median of an odd count is the middle", ms(1, 2, 3), 50, 2 * time.Millisecond},
		{"the median of an even count is the lower middle", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p99 of 1 to 100 is 99", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 is the maximum", ms(1, 2, 9), 100, 9 * time.Millisecond},
		{"one value is every percentile", ms(7), 1, 7 * time.Millisecond},
		{"no values give zero", nil, 50, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := percentile(tt.sorted, tt.p); got != tt.want {
				t.Errorf("percentile(%v, %v) = %v, want %v", tt.sorted, tt.p, got, tt.want)
			}
		})
	}
}

func TestFormsForMakesTriesOfEachTimeInARow(t *testing.T) {
	slots := []slot{{query: map[string][]string{"start": {"1"}}}, {query: map[string][]string{"start": {"2"}}}, {query: map[string][]string{"start": {"3"}}}}
	forms := formsFor(slots, 2, 3)
	if len(forms) != 6 {
		t.Fatalf("%d forms, want 6", len(forms))
	}
	keys, addrs := map[string]bool{}, map[string]bool{}
	for i, b := range forms {
		keys[b.form.Get("key")], addrs[b.from] = true, true
		if b.form.Get("start") != forms[i/3*3].form.Get("start") {
			t.Errorf("form %d is for %s, not the time of the forms before it", i, b.form.Get("start"))
		}
	}
	if len(keys) != 6 || len(addrs) != 6 {
		t.Errorf("%d distinct keys and %d distinct addresses among 6 forms", len(keys), len(addrs))
	}
}
