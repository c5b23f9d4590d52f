package store

import (
	"bytes"
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"clinic"
)

func testResponses(n int, synthetic bool) []*clinic.QuestionnaireResponse {
	var out []*clinic.QuestionnaireResponse
	for i := range n {
		for tp := range clinic.NumTimes {
			out = append(out, &clinic.QuestionnaireResponse{PatientKey: fmt.Sprintf("p%d-%t", i, synthetic), Treatment: "mis-fusion",
				Instrument: "pain-back-neck", Time: tp, Items: map[string]int{"pain": 8 - tp}, Score: float64(8 - tp),
				AnsweredAt: testNow.Add(time.Duration(tp) * 24 * time.Hour), Synthetic: synthetic})
		}
	}
	return out
}

func TestQuestionnaireResponses(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		real, synthetic := testResponses(3, false), testResponses(600, true) // more than one batch
		for _, rs := range [][]*clinic.QuestionnaireResponse{real, synthetic} {
			if err := db.AddResponses(ctx, rs); err != nil {
				t.Fatal(err)
			}
		}
		t.Run("responses read back unsealed, real and synthetic apart", func(t *testing.T) {
			got, err := db.Responses(ctx, false)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(real, got, cmpopts.IgnoreFields(clinic.QuestionnaireResponse{}, "ID")); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			n, s, err := db.CountResponses(ctx)
			if err != nil || n != 12 || s != 2400 {
				t.Errorf("counted %d real and %d synthetic (%v), want 12 and 2400", n, s, err)
			}
		})
		t.Run("a second response at the same time point is refused", func(t *testing.T) {
			if err := db.AddResponses(ctx, real[:1]); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v, want a conflict", err)
			}
		})
		t.Run("scores are not stored in the clear", func(t *testing.T) {
			var sealed []byte
			if err := db.read.QueryRow(`SELECT sealed FROM questionnaire_responses WHERE synthetic = $1 LIMIT 1`, false).Scan(&sealed); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(sealed, []byte("score")) {
				t.Error("a response is stored in the clear")
			}
		})
	})
}

func TestOutcomesRunsOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		run, ok, err := db.ClaimOutcomesRun(ctx, "nightly 2025-03-01", testNow, time.Minute)
		if err != nil || !ok {
			t.Fatalf("first claim: %v, %v", ok, err)
		}
		t.Run("a run held by another is not claimed", func(t *testing.T) {
			if _, ok, err := db.ClaimOutcomesRun(ctx, run.Key, testNow.Add(30*time.Second), time.Minute); ok || err != nil {
				t.Errorf("claimed a held run: %v, %v", ok, err)
			}
		})
		t.Run("a run whose lease ran out is taken over, and its first holder cannot finish it", func(t *testing.T) {
			later, ok, err := db.ClaimOutcomesRun(ctx, run.Key, testNow.Add(2*time.Minute), time.Minute)
			if !ok || err != nil {
				t.Fatalf("no takeover: %v, %v", ok, err)
			}
			if err := db.FinishOutcomesRun(ctx, run, []byte(`{"old":true}`), testNow.Add(2*time.Minute)); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("the first holder finished: %v", err)
			}
			if err := db.FinishOutcomesRun(ctx, later, []byte(`{"n":1}`), testNow.Add(3*time.Minute)); err != nil {
				t.Fatal(err)
			}
			report, at, err := db.OutcomesReport(ctx)
			if err != nil || string(report) != `{"n":1}` || !at.Equal(testNow.Add(3*time.Minute)) {
				t.Errorf("report %s at %v, %v", report, at, err)
			}
		})
		t.Run("a finished run is never claimed again", func(t *testing.T) {
			if _, ok, err := db.ClaimOutcomesRun(ctx, run.Key, testNow.Add(time.Hour), time.Minute); ok || err != nil {
				t.Errorf("claimed a finished run: %v, %v", ok, err)
			}
		})
	})
}

// TestOutcomesRunOnceAcrossInstances lets several handles on one
// database, as several instances have, claim one night's run at once:
// exactly one gets it.
func TestOutcomesRunOnceAcrossInstances(t *testing.T) {
	t.Parallel()
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			var dsn string
			if dialect == "sqlite" {
				dsn = migratedSQLite(t)
			} else {
				dsn = migratedPostgres.NewDatabase(t)
			}
			const instances = 4
			var dbs []*DB
			for range instances {
				dbs = append(dbs, openTestDB(t, dsn))
			}
			var wg sync.WaitGroup
			wins := make(chan clinic.OutcomesRun, instances)
			for _, db := range dbs {
				wg.Go(func() {
					run, ok, err := db.ClaimOutcomesRun(context.Background(), "nightly 2025-03-01", testNow, time.Minute)
					if err != nil {
						t.Error(err)
					}
					if ok {
						wins <- run
					}
				})
			}
			wg.Wait()
			close(wins)
			if len(wins) != 1 {
				t.Fatalf("%d instances claimed the run, want exactly 1", len(wins))
			}
			if err := dbs[1].FinishOutcomesRun(context.Background(), <-wins, []byte(`{}`), testNow); err != nil {
				t.Errorf("the winner's run could not be finished from another handle: %v", err)
			}
		})
	}
}
