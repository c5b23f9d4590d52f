package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"clinic"
)

func queueN(t *testing.T, db *DB, n int) {
	t.Helper()
	for i := range n {
		m := &clinic.OutboxMessage{Kind: "test", To: fmt.Sprintf("s%d@example.com", i), Subject: "Hello", Body: "Hi"}
		if err := db.QueueMail(context.Background(), m); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOutboxClaimsHandEachMessageToOneWorker runs four workers on one
// queue at once: every message is claimed exactly once.
func TestOutboxClaimsHandEachMessageToOneWorker(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		queueN(t, db, 200)
		ctx := context.Background()
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for {
					ms, err := db.ClaimMail(ctx, testNow, 7, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(ms) == 0 {
						return
					}
					for _, m := range ms {
						mu.Lock()
						seen[m.ID]++
						mu.Unlock()
						if err := db.MailSent(ctx, m.ID, testNow); err != nil {
							t.Error(err)
						}
					}
				}
			})
		}
		wg.Wait()
		if len(seen) != 200 {
			t.Errorf("%d messages claimed, want 200", len(seen))
		}
		for id, n := range seen {
			if n != 1 {
				t.Errorf("message %d claimed %d times", id, n)
			}
		}
		if left, _ := db.OutboxPending(ctx, 10); len(left) != 0 {
			t.Errorf("%d left pending", len(left))
		}
	})
}

func TestOutboxRetriesAndGivingUp(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		queueN(t, db, 3)
		ctx := context.Background()
		ms, err := db.ClaimMail(ctx, testNow, 10, time.Minute)
		if err != nil || len(ms) != 3 || ms[0].Attempts != 1 || ms[0].To != "s0@example.com" {
			t.Fatalf("claim: %d, %v", len(ms), err)
		}
		t.Run("a held message is not claimed twice", func(t *testing.T) {
			if again, _ := db.ClaimMail(ctx, testNow.Add(time.Second), 10, time.Minute); len(again) != 0 {
				t.Errorf("claimed %d held messages again", len(again))
			}
		})
		retry := testNow.Add(5 * time.Minute)
		db.MailFailed(ctx, ms[0].ID, testNow, retry, "451 try later")
		db.MailFailed(ctx, ms[1].ID, testNow, time.Time{}, "550 no such mailbox")
		t.Run("a failed attempt waits for its retry time", func(t *testing.T) {
			if early, _ := db.ClaimMail(ctx, retry.Add(-time.Second), 10, time.Minute); len(early) != 0 {
				t.Errorf("claimed %d before the retry time", len(early))
			}
		})
		t.Run("a claim left by a stopped worker is given up, not sent again", func(t *testing.T) {
			got, err := db.ClaimMail(ctx, retry, 10, time.Minute)
			if err != nil || len(got) != 1 || got[0].ID != ms[0].ID || got[0].Attempts != 2 || got[0].LastError != "451 try later" {
				t.Fatalf("retry claim: %+v, %v", got, err)
			}
			pending, _ := db.OutboxPending(ctx, 10)
			if len(pending) != 1 || pending[0].ID != ms[0].ID {
				t.Errorf("pending: %d", len(pending))
			}
		})
		t.Run("a permanent failure and an interrupted send are kept with the reason", func(t *testing.T) {
			var reasons [3]string
			for i, m := range ms {
				db.read.QueryRow(`SELECT last_error FROM outbox WHERE id = $1`, m.ID).Scan(&reasons[i])
			}
			if reasons[1] != "550 no such mailbox" || reasons[2] != interrupted {
				t.Errorf("reasons: %q", reasons)
			}
		})
		t.Run("a message sent after its claim ran out still counts as sent", func(t *testing.T) {
			if err := db.MailSent(ctx, ms[2].ID, retry); err != nil {
				t.Fatal(err)
			}
			if err := db.MailSent(ctx, ms[2].ID, retry); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("marking it sent twice: %v", err)
			}
			if err := db.MailFailed(ctx, ms[1].ID, retry, retry, "x"); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("failing a message nobody holds: %v", err)
			}
		})
	})
}

func TestMailSettingsKeepThePasswordSealed(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		m := &clinic.MailSettings{Host: "smtp.example.com", Port: 587, Username: "clinic", Password: "s3cret-pass", Security: "starttls", From: "Clinic <noreply@example.com>"}
		if err := db.SaveMailSettings(ctx, m); err != nil {
			t.Fatal(err)
		}
		var stored []byte
		db.read.QueryRow(`SELECT password FROM mail_settings`).Scan(&stored)
		if len(stored) == 0 || strings.Contains(string(stored), "s3cret") {
			t.Errorf("the password is stored as %q", stored)
		}
		m.Password, m.Host = "", "smtp2.example.com"
		if err := db.SaveMailSettings(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, err := db.MailSettings(ctx)
		if err != nil || got.Password != "s3cret-pass" || got.Host != "smtp2.example.com" || got.UpdatedAt.IsZero() {
			t.Errorf("%+v, %v", got, err)
		}
		m.ForgetPassword, m.Username = true, ""
		if err := db.SaveMailSettings(ctx, m); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.MailSettings(ctx); got.Password != "" {
			t.Error("the password was kept")
		}
	})
}
