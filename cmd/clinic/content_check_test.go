package main

import (
	"context"
	"log/slog"
	"strings"
	"testing"

	"clinic/content"
)

func TestContentCheckComparesHoursWithSchedules(t *testing.T) {
	data := newDataDir(t)
	if out, err := clinicRun(t, data, "content", "import", "../../content"); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	out, err := clinicRun(t, data, "content", "check")
	if err == nil || !strings.Contains(out, "Bellevue clinic lists hours, but no clinician can be booked there that day.") {
		t.Errorf("offices without schedules: %v\n%s", err, out)
	}
	ctx := context.Background()
	db, err := openExisting(ctx, Config{DataDir: data}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	doctors, err := db.Doctors(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for slug, week := range content.DemoWeek(doctors) {
		if err := db.SetWeeklyAvailability(ctx, slug, week); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	if out, err := clinicRun(t, data, "content", "check"); err != nil || !strings.Contains(out, "agree") {
		t.Errorf("the demo clinic: %v\n%s", err, out)
	}
}
