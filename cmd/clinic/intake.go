package main

import (
	"fmt"
	"io/fs"

	"clinic/content"
	"clinic/internal/intake"
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
