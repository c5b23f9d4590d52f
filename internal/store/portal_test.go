package store

import (
	"context"
	"testing"
	"time"

	"clinic"
)

func TestPortalSignInLinksAndMatching(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		bookingDB(t, db)
		ctx := context.Background()
		bookFor(t, db, 15, clinic.PatientDetails{Name: "Jane Patient", DateOfBirth: "1970-01-02", Phone: "206-555-0100", Email: "jane@example.com"})
		if _, err := db.LinkRecords(ctx, 10); err != nil {
			t.Fatal(err)
		}
		a, err := db.PortalAccountFor(ctx, " Jane@Example.com ")
		if err != nil {
			t.Fatal(err)
		}
		if again, err := db.PortalAccountFor(ctx, "jane@example.com"); err != nil || again.ID != a.ID {
			t.Fatalf("the same address made another account: %v, %v", again, err)
		}
		t.Run("an unverified account matches no record", func(t *testing.T) {
			if _, err := db.MatchPortalPatient(ctx, a.ID, "1970-01-02"); clinic.ErrorKind(err) != clinic.EForbidden {
				t.Errorf("match: %v, want EForbidden", err)
			}
		})
		t.Run("a link works once, before it expires", func(t *testing.T) {
			if err := db.CreatePortalLink(ctx, a.ID, "hash-1", testNow.Add(clinic.PortalLinkLifetime)); err != nil {
				t.Fatal(err)
			}
			if err := db.CreatePortalLink(ctx, a.ID, "hash-2", testNow.Add(clinic.PortalLinkLifetime)); err != nil {
				t.Fatal(err)
			}
			if _, err := db.UsePortalLink(ctx, "hash-2", testNow.Add(16*time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("an expired link: %v", err)
			}
			got, err := db.UsePortalLink(ctx, "hash-1", testNow.Add(time.Minute))
			if err != nil || got.ID != a.ID || got.VerifiedAt.IsZero() {
				t.Fatalf("use: %+v, %v", got, err)
			}
			if _, err := db.UsePortalLink(ctx, "hash-1", testNow.Add(time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("a used link again: %v", err)
			}
		})
		t.Run("a wrong date of birth matches nothing; the right one links the record", func(t *testing.T) {
			if ok, err := db.MatchPortalPatient(ctx, a.ID, "1970-01-03"); ok || err != nil {
				t.Errorf("wrong date: %v, %v", ok, err)
			}
			if ok, err := db.MatchPortalPatient(ctx, a.ID, "1970-01-02"); !ok || err != nil {
				t.Fatalf("right date: %v, %v", ok, err)
			}
			got, _ := db.PortalAccount(ctx, a.ID)
			p, err := db.Patient(ctx, got.PatientID)
			if err != nil || p.Name != "Jane Patient" || p.EmailVerifiedAt.IsZero() {
				t.Errorf("record %+v, %v", p, err)
			}
		})
		t.Run("a session ends after the idle time", func(t *testing.T) {
			s := &clinic.PortalSession{TokenHash: "session-1", AccountID: a.ID}
			if err := db.CreatePortalSession(ctx, s); err != nil {
				t.Fatal(err)
			}
			if got, err := db.PortalSessionByToken(ctx, "session-1", testNow.Add(10*time.Minute)); err != nil || got.Account.ID != a.ID {
				t.Fatalf("live: %v, %v", got, err)
			}
			if _, err := db.PortalSessionByToken(ctx, "session-1", testNow.Add(26*time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("idle: %v", err)
			}
		})
	})
}
