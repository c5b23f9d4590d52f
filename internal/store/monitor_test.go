package store

import (
	"context"
	"testing"
	"time"
)

func TestOutboxDepthCountsWhatIsDueAndWhatWaits(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		// Three days ahead: the confirmation is due now, the reminders
		// 48 and 2 hours before.
		if _, err := db.Book(ctx, appt("ann-lee", testNow.Add(72*time.Hour), 20)); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name       string
			at         time.Time
			due, later int
		}{
			{"at booking the confirmation is due and both reminders wait", testNow, 1, 2},
			{"two days before, the first reminder is due too", testNow.Add(24 * time.Hour), 2, 1},
			{"an hour before, all three are due", testNow.Add(71 * time.Hour), 3, 0},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				due, later, err := db.OutboxDepth(ctx, tt.at)
				if err != nil || due != tt.due || later != tt.later {
					t.Errorf("OutboxDepth = %d due, %d later, %v; want %d, %d", due, later, err, tt.due, tt.later)
				}
			})
		}
		t.Run("a message sent is not counted", func(t *testing.T) {
			ms, err := db.ClaimMail(ctx, testNow, 10, time.Minute)
			if err != nil || len(ms) != 1 {
				t.Fatalf("claimed %d, %v", len(ms), err)
			}
			if err := db.MailSent(ctx, ms[0].ID, testNow); err != nil {
				t.Fatal(err)
			}
			if due, later, _ := db.OutboxDepth(ctx, testNow); due != 0 || later != 2 {
				t.Errorf("after sending: %d due, %d later; want 0, 2", due, later)
			}
		})
	})
}
