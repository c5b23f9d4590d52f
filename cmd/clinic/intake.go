package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"clinic/content"
	"clinic/internal/intake"
	"clinic/internal/web"
)

// intakeFiles are the symptom check's rules and the questionnaires, read
// once at start-up from the content tree the binary embeds.
type intakeFiles struct {
	rules       *intake.Rules
	instruments []*intake.Instrument
}

// loadIntake reads content/triage/rules.yaml and content/instruments from
// fsys. The rules' treatments are checked against the catalogue of the
// same tree, so that a typing error in a slug stops the server with the
// file and line rather than dropping a treatment from every result.
func loadIntake(fsys fs.FS) (intakeFiles, error) {
	b, err := content.Read(fsys)
	if err != nil {
		return intakeFiles{}, fmt.Errorf("intake: %w", err)
	}
	slugs := make([]string, 0, len(b.Treatments))
	for _, t := range b.Treatments {
		slugs = append(slugs, t.Slug)
	}
	var f intakeFiles
	if f.rules, err = intake.LoadRules(fsys, intake.RulesPath, slugs); err != nil {
		return intakeFiles{}, fmt.Errorf("symptom check rules: %w", err)
	}
	if f.instruments, err = intake.LoadInstruments(fsys, intake.InstrumentsDir); err != nil {
		return intakeFiles{}, fmt.Errorf("questionnaires: %w", err)
	}
	if len(f.instruments) == 0 {
		return intakeFiles{}, fmt.Errorf("questionnaires: no instrument in %s", intake.InstrumentsDir)
	}
	return f, nil
}

// outcomesWorker, every five minutes, queues the questionnaire emails
// that are due and runs the night's recomputation of the outcome figures
// when it is due. Every instance runs it; the database lets each email
// and each night's run happen once. A demo clinic just loaded first gets
// the synthetic cohort, here rather than before the server answers, so
// that start-up does not wait for it.
func outcomesWorker(ctx context.Context, srv *web.Server, demo bool, log *slog.Logger) {
	if demo {
		if err := srv.SeedSyntheticOutcomes(ctx); err != nil && ctx.Err() == nil {
			log.Error("demo outcomes", "err", err)
		} else if err == nil {
			log.Info("loaded the synthetic outcomes cohort")
		}
	}
	tick := time.NewTicker(5 * time.Minute)
	defer tick.Stop()
	for {
		if n, err := srv.QueueQuestionnaires(ctx); err != nil && ctx.Err() == nil {
			log.Error("queue questionnaires", "err", err)
		} else if n > 0 {
			log.Info("queued questionnaire emails", "count", n)
		}
		if ran, err := srv.RecomputeNightly(ctx); err != nil && ctx.Err() == nil {
			log.Error("recompute outcomes", "err", err)
		} else if ran {
			log.Info("recomputed the outcome figures")
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
