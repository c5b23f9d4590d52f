package store

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

func TestPortalSettingsSwitchEachPartOff(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		got, err := db.PortalSettings(ctx)
		if diff := cmp.Diff(&clinic.PortalSettings{SelfScheduling: true, Messages: true, Forms: true}, got); err != nil || diff != "" {
			t.Fatalf("by default everything is on (-want +got):\n%s %v", diff, err)
		}
		want := &clinic.PortalSettings{SelfScheduling: false, Messages: true, Forms: false}
		if err := db.SavePortalSettings(ctx, want); err != nil {
			t.Fatal(err)
		}
		got, err = db.PortalSettings(ctx)
		if diff := cmp.Diff(want, got); err != nil || diff != "" {
			t.Errorf("saved (-want +got):\n%s %v", diff, err)
		}
	})
}
