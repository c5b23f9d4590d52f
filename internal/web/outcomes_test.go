package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
	"clinic/internal/store"
	"clinic/internal/web"
)

// refresh tells the server of the content version, as the version
// watcher does, so that cached pages show the figures just stored.
func (s *site) refresh(t *testing.T) {
	t.Helper()
	v, err := s.db.Version(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	s.srv.SetVersion(v)
}

func seededSite(t *testing.T) *site {
	t.Helper()
	s := newSiteWith(t, withDiagnose(t))
	if err := s.srv.SeedSyntheticOutcomes(context.Background()); err != nil {
		t.Fatal(err)
	}
	s.refresh(t)
	return s
}

func TestOutcomesPageShowsTheSyntheticCohort(t *testing.T) {
	s := seededSite(t)
	res := s.get(t, "/outcomes")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	t.Run("the figures are labelled synthetic", func(t *testing.T) {
		if !strings.Contains(res.text(t, ".synthetic-notice"), "Synthetic data") {
			t.Error("no synthetic notice")
		}
	})
	t.Run("every chart has a title and a description and its numbers in a table", func(t *testing.T) {
		figs := res.all(t, "figure.outcome")
		if len(figs) < 2 {
			t.Fatalf("%d figures", len(figs))
		}
		if n := len(res.all(t, `figure.outcome svg[role="img"] title`)); n != len(figs) {
			t.Errorf("%d chart titles for %d figures", n, len(figs))
		}
		if n := len(res.all(t, `figure.outcome svg desc`)); n != len(figs) {
			t.Errorf("%d chart descriptions for %d figures", n, len(figs))
		}
		if n := len(res.all(t, `figure.outcome table caption`)); n != len(figs) {
			t.Errorf("%d tables for %d figures", n, len(figs))
		}
	})
	t.Run("small groups are shown as suppressed, not as numbers", func(t *testing.T) {
		if !strings.Contains(res.body, "fewer than 11 or withheld") {
			t.Error("no suppressed figure in the demo's cohort, which has small treatments")
		}
	})
	t.Run("the method from the content page comes first", func(t *testing.T) {
		if !strings.Contains(res.text(t, ".prose"), "How we judge change") {
			t.Error("the method is missing")
		}
	})
	checkMarkup(t, res)
}

func TestTreatmentPagesShowTheirOwnChart(t *testing.T) {
	s := seededSite(t)
	ctx := context.Background()
	b, _, err := s.db.OutcomesReport(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var rep struct {
		Series []struct {
			Treatment string
			Points    []struct{ Status int }
		}
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	shown, hidden := "", ""
	for _, sr := range rep.Series {
		if sr.Treatment == "" {
			continue
		}
		any := false
		for _, p := range sr.Points {
			any = any || p.Status == 1
		}
		if any && shown == "" {
			shown = sr.Treatment
		}
		if !any && hidden == "" {
			hidden = sr.Treatment
		}
	}
	if shown == "" || hidden == "" {
		t.Fatalf("the demo cohort should have treatments with and without figures: %q %q", shown, hidden)
	}
	for _, tc := range []struct {
		name, slug string
		want       int
	}{
		{"a treatment with figures shows its chart", shown, 1},
		{"a treatment whose figures are all withheld shows none", hidden, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := s.get(t, "/treatments/"+tc.slug)
			if got := len(res.all(t, ".treatment-outcomes figure.outcome")); (got > 0) != (tc.want > 0) {
				t.Errorf("%s: %d charts", tc.slug, got)
			}
		})
	}
}

func TestRecomputingOutcomes(t *testing.T) {
	s := seededSite(t)
	ctx := context.Background()
	_, before, _ := s.db.OutcomesReport(ctx)
	t.Run("an admin recomputes on demand, and it is audited", func(t *testing.T) {
		_, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
		b := s.browser()
		b.signIn(t, "admin@example.com", secret)
		s.clock.advance(time.Minute)
		res := b.post(t, "/admin/outcomes/recompute", nil)
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "computed again") {
			t.Fatalf("recompute: %d", res.StatusCode)
		}
		_, after, _ := s.db.OutcomesReport(ctx)
		if !after.After(before) {
			t.Errorf("computed at %v, before %v", after, before)
		}
		es, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "outcomes.recompute", Outcome: clinic.AuditOK})
		if err != nil || len(es) != 1 {
			t.Errorf("audit: %v, %v", es, err)
		}
	})
	t.Run("the front desk sees the detail but may not recompute", func(t *testing.T) {
		b := frontDesk(t, s)
		if res := b.get(t, "/admin/outcomes"); res.StatusCode != http.StatusOK || len(res.all(t, "table caption")) == 0 {
			t.Fatalf("detail: %d", res.StatusCode)
		}
		if res := b.post(t, "/admin/outcomes/recompute", nil); res.StatusCode != http.StatusForbidden {
			t.Errorf("recompute by the front desk: %d", res.StatusCode)
		}
	})
	t.Run("real responses replace the synthetic cohort, and a small group is not published", func(t *testing.T) {
		var rs []*clinic.QuestionnaireResponse
		for i := range 5 {
			for tp := range clinic.NumTimes {
				rs = append(rs, &clinic.QuestionnaireResponse{PatientKey: fmt.Sprintf("real-%d", i), Treatment: "mis-fusion",
					Instrument: "pain-back-neck", Time: tp, Items: map[string]int{"pain": 7 - tp}, Score: float64(7 - tp), AnsweredAt: testNow})
			}
		}
		if err := s.db.AddResponses(ctx, rs); err != nil {
			t.Fatal(err)
		}
		if ran, err := s.srv.RecomputeOutcomes(ctx, "after real answers"); !ran || err != nil {
			t.Fatalf("ran %v, %v", ran, err)
		}
		s.refresh(t)
		res := s.get(t, "/outcomes")
		if len(res.all(t, ".synthetic-notice")) != 0 || strings.Contains(res.body, "5 patients") {
			t.Errorf("synthetic label or a group of 5 published")
		}
		if !strings.Contains(res.body, "fewer than 11 or withheld") {
			t.Error("the small group is not shown as suppressed")
		}
	})
}

// TestOutcomesRecomputeOnceAcrossServers starts several servers on one
// database, as instances behind a load balancer, and has each start the
// night's run at once: the figures are computed exactly once.
func TestOutcomesRecomputeOnceAcrossServers(t *testing.T) {
	first := newSiteWith(t, withDiagnose(t))
	dir := t.TempDir()
	path := filepath.Join(dir, "clinic.db")
	if err := first.db.CopyTo(context.Background(), path); err != nil {
		t.Fatal(err)
	}
	var servers []*web.Server
	for range 3 {
		db, err := store.Open(context.Background(), "", store.Options{DataDir: dir, Sealer: testSealer(t), Now: first.clock.now})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		srv := newSiteOn(t, db, first.clock)
		servers = append(servers, srv)
	}
	if err := servers[0].SeedSyntheticOutcomes(context.Background()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	ran := 0
	for _, srv := range servers {
		wg.Go(func() {
			ok, err := srv.RecomputeOutcomes(context.Background(), "nightly 2026-11-25")
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				ran++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if ran != 1 {
		t.Errorf("the night's run ran %d times, want once", ran)
	}
}

// newSiteOn is a server like newSite's on a database already open.
func newSiteOn(t *testing.T, db *store.DB, clk *clock) *web.Server {
	t.Helper()
	cfg := web.Config{BaseURL: testBase, Content: db, Intake: db, Now: clk.now, Staff: db, Audit: db, Booking: db, Schedule: db}
	withDiagnose(t)(&cfg)
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return srv
}

func TestFHIRExport(t *testing.T) {
	s := seededSite(t)
	ctx := context.Background()
	if err := s.db.AddResponses(ctx, []*clinic.QuestionnaireResponse{{PatientKey: "real-1", Treatment: "mis-fusion",
		Instrument: "pain-back-neck", Time: clinic.TimeBaseline, Items: map[string]int{"pain": 6}, Score: 6, AnsweredAt: testNow}}); err != nil {
		t.Fatal(err)
	}
	b := frontDesk(t, s)
	for _, tc := range []struct {
		name, path, resource string
		entries              int
	}{
		{"the questionnaires export as a bundle of Questionnaires", "/admin/outcomes/questionnaires.json", "Questionnaire", 3},
		{"the responses export as a bundle of QuestionnaireResponses", "/admin/outcomes/responses.json", "QuestionnaireResponse", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := b.get(t, tc.path)
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "application/fhir+json" {
				t.Fatalf("%d %s", res.StatusCode, res.Header.Get("Content-Type"))
			}
			var bundle struct {
				ResourceType, Type string
				Entry              []struct{ Resource map[string]any }
			}
			if err := json.Unmarshal([]byte(res.body), &bundle); err != nil {
				t.Fatal(err)
			}
			if bundle.ResourceType != "Bundle" || len(bundle.Entry) != tc.entries {
				t.Fatalf("%s with %d entries, want %d", bundle.ResourceType, len(bundle.Entry), tc.entries)
			}
			for _, e := range bundle.Entry {
				if e.Resource["resourceType"] != tc.resource {
					t.Errorf("an entry of type %v", e.Resource["resourceType"])
				}
			}
		})
	}
	t.Run("the export of responses is audited", func(t *testing.T) {
		es, err := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "responses.export"})
		if err != nil || len(es) != 1 {
			t.Errorf("audit: %v, %v", es, err)
		}
	})
	t.Run("no one outside the staff may export", func(t *testing.T) {
		if res := s.get(t, "/admin/outcomes/responses.json"); res.StatusCode == http.StatusOK {
			t.Errorf("an anonymous export: %d", res.StatusCode)
		}
	})
}

func TestNightlyRecomputationRunsOnceADay(t *testing.T) {
	s := newSiteWith(t, withDiagnose(t))
	ctx := context.Background()
	pacific, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	at := func(day, hour int) {
		t.Helper()
		want := time.Date(2026, 11, day, hour, 30, 0, 0, pacific)
		s.clock.advance(want.Sub(s.clock.now()))
	}
	for _, tc := range []struct {
		name      string
		day, hour int
		want      bool
	}{
		{"not before 2 a.m. clinic time", 26, 1, false},
		{"after 2 a.m. the night's run goes", 26, 2, true},
		{"the same day it does not go again", 26, 23, false},
		{"the next night it goes again", 27, 3, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			at(tc.day, tc.hour)
			ran, err := s.srv.RecomputeNightly(ctx)
			if err != nil || ran != tc.want {
				t.Errorf("ran %v, %v; want %v", ran, err, tc.want)
			}
		})
	}
}
