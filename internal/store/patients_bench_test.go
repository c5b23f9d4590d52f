package store

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"clinic"
	"clinic/internal/pgtest"
)

// benchPatient is the nth of a generated population: names drawn from
// lists with accents and hyphens, so that prefixes are shared as in life.
func benchPatient(n int) *clinic.Patient {
	first := []string{"María", "José", "Ann", "Li", "Zoë", "Mohammed", "Olga", "Seán", "Priya", "Kenji", "Amara", "Lukas", "Chloé", "Dmitri", "Fatima", "Garrett"}
	last := []string{"García-López", "Nguyen", "O'Brien", "Kowalski", "Müller", "Okafor", "Lindqvist", "Park", "Haddad", "Smith", "Rossi", "Tanaka", "Gardner", "Øster", "Silva", "Johansson"}
	return &clinic.Patient{
		Name:        fmt.Sprintf("%s %s %s%d", first[n%len(first)], last[(n/len(first))%len(last)], last[(n/7)%len(last)][:3], n%97),
		DateOfBirth: time.Date(1930+n%80, time.Month(1+n%12), 1+n%28, 0, 0, 0, 0, time.UTC).Format(time.DateOnly),
		Phone:       fmt.Sprintf("(206) 555-%04d", n%10000),
		Email:       fmt.Sprintf("patient%d@example.com", n),
	}
}

// BenchmarkPatientSearch searches 100,000 patient records through the
// blind indexes with prefixes, whole names, dates of birth, phone numbers
// and emails, and reports the median and 99th percentile latency.
func BenchmarkPatientSearch(b *testing.B) {
	const patients = 100000
	queries := []string{"gar", "maria garcia", "lindq", "kenji tanaka", "1968-04-21", "(206) 555-0142",
		"patient4242@example.com", "zoe ost", "o'brien", "johansson pri"}
	bench := func(b *testing.B, dsn string) {
		db, err := Open(context.Background(), dsn, testOptions(b))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		start := time.Now()
		for from := 0; from < patients; from += 5000 {
			err := db.inTx(context.Background(), testNow, func(t *tx) error {
				for n := from; n < from+5000; n++ {
					if err := t.insertPatient(context.Background(), benchPatient(n)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		if db.Dialect() == "postgres" {
			if _, err := db.write.Exec(`ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
		b.Logf("%s: stored %d patients in %v", db.Dialect(), patients, time.Since(start).Round(time.Millisecond))
		b.ResetTimer()
		var took []time.Duration
		for i := 0; b.Loop(); i++ {
			t0 := time.Now()
			if _, err := db.SearchPatients(context.Background(), queries[i%len(queries)], 50); err != nil {
				b.Fatal(err)
			}
			took = append(took, time.Since(t0))
		}
		slices.Sort(took)
		b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
		b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.Run("sqlite", func(b *testing.B) {
		bench(b, filepath.Join(b.TempDir(), "clinic.db"))
	})
	b.Run("postgres", func(b *testing.B) {
		bench(b, pgtest.NewDatabase(b))
	})
}
