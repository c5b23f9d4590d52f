package ics

import (
	"testing"
	"time"
)

// BenchmarkEncode writes one invitation in America/Los_Angeles, the work
// done for each booking email.
func BenchmarkEncode(b *testing.B) {
	e := appointment(utc(2027, 3, 15, 16, 0), mustZone(b, "America/Los_Angeles"))
	e.Description = "Please arrive 10 minutes early, bring your films; call us if you are late.\nThank you!"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(MethodRequest, e); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEncodeUTC leaves the VTIMEZONE out, to show what it costs.
func BenchmarkEncodeUTC(b *testing.B) {
	e := appointment(utc(2027, 3, 15, 16, 0), time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(MethodRequest, e); err != nil {
			b.Fatal(err)
		}
	}
}
