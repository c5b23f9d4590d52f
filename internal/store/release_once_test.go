package store

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clinic"
)

// TestHoldsReleasedByManyInstancesAtOnceGoOnce runs the release of lapsed
// waitlist holds from several goroutines at once, as every instance's
// timer does: the hold is released once, and the next patient is
// offered the time once.
func TestHoldsReleasedByManyInstancesAtOnceGoOnce(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		x := waitlistDB(t, db)
		ctx := context.Background()
		first, second, third := waiter("first", x.Start.Add(48*time.Hour)), waiter("second", x.Start.Add(48*time.Hour)), waiter("third", x.Start.Add(48*time.Hour))
		for _, e := range []*clinic.WaitlistEntry{first, second, third} {
			if err := db.JoinWaitlist(ctx, e); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.SetStatus(ctx, x.ID, 0, clinic.ApptCancelled, "Patient called"); err != nil {
			t.Fatal(err)
		}
		var released atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 6 {
			wg.Go(func() {
				<-start
				n, err := db.ReleaseHolds(ctx, testNow.Add(clinic.HoldFor+time.Second))
				if err != nil {
					t.Error(err)
				}
				released.Add(int64(n))
			})
		}
		close(start)
		wg.Wait()
		if n := released.Load(); n != 1 {
			t.Errorf("the hold was released %d times, want once", n)
		}
		s, hold := waitStatus(t, db, second.ID)
		if s != clinic.WaitOffered {
			t.Fatalf("second: %s, want offered", s)
		}
		if kinds := mailKinds(t, db, hold); len(kinds) != 1 {
			t.Errorf("the second patient's offer: %v, want one message", kinds)
		}
		if s, _ := waitStatus(t, db, third.ID); s != clinic.WaitWaiting {
			t.Errorf("third: %s, want still waiting", s)
		}
	})
}
