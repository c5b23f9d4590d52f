package store

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/pgtest"
)

// benchWords is the vocabulary of the generated posts; rand.Zipf makes
// the first words common and the last rare, as in real text.
func benchWords() []string {
	words := strings.Fields(`pain back spine the and of disc nerve surgery patients treatment
		lumbar cervical injection therapy exercise posture sciatica fusion recovery doctor
		muscle joint leg neck hip walking sleep weight core stretch inflammation imaging
		fracture vertebra kyphoplasty endoscopic decompression stimulator acupuncture pilates
		backpack family history chronic acute relief study trial outcome risk`)
	for i := range 2000 {
		words = append(words, fmt.Sprintf("term%d", i))
	}
	return words
}

// benchBundle returns n generated posts with the doctors and categories
// they need.
func benchBundle(n int) *clinic.Bundle {
	r := rand.New(rand.NewPCG(1, 2))
	words := benchWords()
	zipf := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	text := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = words[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	b := richBundle()
	b.Posts = nil
	for i := range n {
		b.Posts = append(b.Posts, &clinic.Post{
			Slug: fmt.Sprintf("post-%d", i), Title: text(6), Description: text(20),
			Author: "ann-lee", Category: "research", Tags: []string{"Back pain"},
			Status: clinic.StatusPublished, PublishedAt: testNow.Add(-time.Duration(i) * time.Hour),
			Body: text(250),
		})
	}
	return b
}

// BenchmarkSearch searches 10,000 generated posts with a mix of common,
// rare, multi-word and prefix queries, and reports the median and 99th
// percentile latency besides ns/op.
func BenchmarkSearch(b *testing.B) {
	const posts = 10000
	queries := []string{"pain", "sciatica", "kyphoplasty recovery", "term500", "back pain relief",
		"decomp", "term1999", "spine surgery outcome"}
	bench := func(b *testing.B, dsn string) {
		db, err := Open(context.Background(), dsn, Options{Now: func() time.Time { return testNow }})
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		start := time.Now()
		if _, err := db.Import(context.Background(), benchBundle(posts)); err != nil {
			b.Fatal(err)
		}
		b.Logf("%s: imported %d posts in %v", db.Dialect(), posts, time.Since(start).Round(time.Millisecond))
		if db.Dialect() == "postgres" {
			// As autovacuum would soon after a bulk load: the planner
			// needs word statistics to choose between the indexes.
			if _, err := db.write.Exec(`ANALYZE`); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		var took []time.Duration
		for i := 0; b.Loop(); i++ {
			t0 := time.Now()
			if _, err := db.Search(context.Background(), clinic.SearchQuery{Text: queries[i%len(queries)], Now: testNow, Limit: 10}); err != nil {
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
