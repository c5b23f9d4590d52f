package store

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"clinic"
	"clinic/content"
	"clinic/internal/pgtest"
)

// benchSearchNow is after the last post bench/genposts writes, so that
// every generated post is visible.
var benchSearchNow = time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)

// benchSearchDB opens the database at dsn holding the demo clinic and the
// posts of the content tree that CLINIC_BENCH_CONTENT names, written by
// bench/genposts, and logs how long the import took.
func benchSearchDB(b *testing.B, dsn string) *DB {
	dir := os.Getenv("CLINIC_BENCH_CONTENT")
	if dir == "" {
		b.Skip("set CLINIC_BENCH_CONTENT to a tree from `go run ./bench/genposts -out DIR -n 10000`")
	}
	ctx := context.Background()
	db, err := Open(ctx, dsn, Options{Now: func() time.Time { return testNow }})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	demo, err := content.Read(content.Demo())
	if err != nil {
		b.Fatal(err)
	}
	generated, err := content.Read(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Now()
	for _, bundle := range []*clinic.Bundle{demo, generated} {
		if _, err := db.Import(ctx, bundle); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: imported the demo and %d posts in %v", db.Dialect(), len(generated.Posts), time.Since(start).Round(time.Millisecond))
	if db.Dialect() == "postgres" {
		if _, err := db.write.Exec(`ANALYZE`); err != nil { // as autovacuum would soon after a bulk load
			b.Fatal(err)
		}
	}
	return db
}

// benchSearches runs the queries in turn, checks each with ok and reports
// the median and 99th percentile latency besides ns/op.
func benchSearches(b *testing.B, db *DB, queries []clinic.SearchQuery, ok func(clinic.SearchQuery, *clinic.SearchResults) bool) {
	b.ResetTimer()
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		q := queries[i%len(queries)]
		t0 := time.Now()
		found, err := db.Search(context.Background(), q)
		took = append(took, time.Since(t0))
		if err != nil || !ok(q, found) {
			b.Fatalf("Search(%q, offset %d) = %+v, %v", q.Text, q.Offset, found, err)
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds())/1000, "p99-ms")
}

// forBenchDialects runs bench against the demo and generated posts on
// SQLite and on PostgreSQL.
func forBenchDialects(b *testing.B, bench func(b *testing.B, db *DB)) {
	b.Run("sqlite", func(b *testing.B) {
		bench(b, benchSearchDB(b, filepath.Join(b.TempDir(), "clinic.db")))
	})
	b.Run("postgres", func(b *testing.B) {
		bench(b, benchSearchDB(b, pgtest.NewDatabase(b)))
	})
}

// BenchmarkSearchPage searches the demo clinic and generated posts for
// common and rare words, words that begin others, and pages beyond the
// first, as the search page asks (ten results, a suggestion looked for
// when few are found).
func BenchmarkSearchPage(b *testing.B) {
	var queries []clinic.SearchQuery
	for _, q := range []struct {
		text string
		page int
	}{{"pain", 1}, {"pain", 5}, {"sciatic", 1}, {"sciatica exercise", 2}, {"kyphoplasty recovery", 1},
		{"endoscopic decompression", 1}, {"spine surgery outcome", 3}, {"acupunct", 1}} {
		queries = append(queries, clinic.SearchQuery{Text: q.text, Now: benchSearchNow, Offset: (q.page - 1) * 10, Limit: 10, Suggest: q.page == 1})
	}
	forBenchDialects(b, func(b *testing.B, db *DB) {
		benchSearches(b, db, queries, func(_ clinic.SearchQuery, found *clinic.SearchResults) bool {
			return len(found.Results) == 10
		})
	})
}

// BenchmarkSearchSuggestion searches for misspelt words that find
// nothing, so that each search also finds and checks a suggestion.
func BenchmarkSearchSuggestion(b *testing.B) {
	want := map[string]string{"siatica": "sciatica", "kyphoplsty": "kyphoplasty", "stenossis": "stenosis",
		"vertebroplsty relief": "vertebroplasty relief", "acupuncure": "acupuncture", "pilatse": "pilates"}
	var queries []clinic.SearchQuery
	for q := range want {
		queries = append(queries, clinic.SearchQuery{Text: q, Now: benchSearchNow, Limit: 10, Suggest: true})
	}
	forBenchDialects(b, func(b *testing.B, db *DB) {
		benchSearches(b, db, queries, func(q clinic.SearchQuery, found *clinic.SearchResults) bool {
			return found.Suggestion == want[q.Text]
		})
	})
}

// BenchmarkSearchWordsImport imports the demo clinic and the posts of
// CLINIC_BENCH_CONTENT into a new database with the index of words that
// suggestions read, and with its triggers dropped, to show what keeping
// it costs a bulk import.
func BenchmarkSearchWordsImport(b *testing.B) {
	dir := os.Getenv("CLINIC_BENCH_CONTENT")
	if dir == "" {
		b.Skip("set CLINIC_BENCH_CONTENT to a tree from `go run ./bench/genposts -out DIR -n 2000`")
	}
	bundles := make([]*clinic.Bundle, 2)
	var err error
	if bundles[0], err = content.Read(content.Demo()); err != nil {
		b.Fatal(err)
	}
	if bundles[1], err = content.Read(os.DirFS(dir)); err != nil {
		b.Fatal(err)
	}
	dropWords := map[string][]string{ // the triggers that keep the words
		"sqlite":   {`DROP TRIGGER search_docs_words_ai`, `DROP TRIGGER search_docs_words_au`, `DROP TRIGGER search_docs_words_ad`},
		"postgres": {`DROP TRIGGER search_docs_words ON search_docs`},
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		for _, words := range []bool{true, false} {
			name := dialect + "/with-words"
			if !words {
				name = dialect + "/without-words"
			}
			b.Run(name, func(b *testing.B) {
				b.StopTimer()
				for range b.N {
					dsn := filepath.Join(b.TempDir(), "clinic.db")
					if dialect == "postgres" {
						dsn = pgtest.NewDatabase(b)
					}
					db, err := Open(context.Background(), dsn, Options{Now: func() time.Time { return testNow }})
					if err != nil {
						b.Fatal(err)
					}
					for _, stmt := range dropWords[dialect] {
						if words {
							break
						}
						if _, err := db.write.Exec(stmt); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					for _, bundle := range bundles {
						if _, err := db.Import(context.Background(), bundle); err != nil {
							b.Fatal(err)
						}
					}
					b.StopTimer()
					db.Close()
				}
				b.ReportMetric(0, "ns/op")
				b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "import-ms")
			})
		}
	}
}
