package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"clinic"
)

func newUser(email string, role clinic.Role) *clinic.User {
	return &clinic.User{Email: email, Name: "Sam Staff", Role: role, PasswordHash: "$argon2id$stub-for-store-tests"}
}

func TestUsers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		if ok, err := db.HasAdmin(ctx); err != nil || ok {
			t.Fatalf("HasAdmin on an empty database = %v, %v; want false", ok, err)
		}
		u := newUser(" Ada@Example.COM ", clinic.RoleAdmin)
		u.TOTPSecret = "JBSWY3DPEHPK3PXP"
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		t.Run("emails are stored in lower case and found in any case", func(t *testing.T) {
			got, err := db.UserByEmail(ctx, "ADA@example.com")
			if err != nil || got.ID != u.ID || got.Email != "ada@example.com" {
				t.Fatalf("UserByEmail = %+v, %v", got, err)
			}
			if got.TOTPSecret != u.TOTPSecret {
				t.Errorf("TOTP secret came back as %q", got.TOTPSecret)
			}
		})
		t.Run("the TOTP secret is not stored in the clear", func(t *testing.T) {
			var sealed []byte
			db.read.QueryRow(`SELECT totp_sealed FROM users WHERE id = $1`, u.ID).Scan(&sealed)
			if len(sealed) == 0 || bytes.Contains(sealed, []byte("JBSWY3DP")) {
				t.Errorf("stored secret %q", sealed)
			}
		})
		t.Run("a second user with the same email is a conflict", func(t *testing.T) {
			err := db.CreateUser(ctx, newUser("ada@example.com", clinic.RoleEditor))
			if clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("err = %v, want a conflict", err)
			}
		})
		t.Run("an invalid user is refused", func(t *testing.T) {
			for _, bad := range []*clinic.User{newUser("not-an-email", clinic.RoleEditor), newUser("x@example.com", "owner")} {
				if err := db.CreateUser(ctx, bad); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("CreateUser(%q, %q) = %v, want invalid", bad.Email, bad.Role, err)
				}
			}
		})
		if ok, _ := db.HasAdmin(ctx); !ok {
			t.Error("HasAdmin = false after creating an admin")
		}
		t.Run("unknown users are not found", func(t *testing.T) {
			if _, err := db.User(ctx, 999); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("err = %v", err)
			}
		})
	})
}

func TestTOTPStepIsAcceptedOnce(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u := newUser("pat@example.com", clinic.RoleFrontDesk)
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			step int64
			want bool
		}{{100, true}, {100, false}, {99, false}, {101, true}} {
			got, err := db.AcceptTOTPStep(ctx, u.ID, c.step)
			if err != nil || got != c.want {
				t.Errorf("AcceptTOTPStep(%d) = %v, %v; want %v", c.step, got, err, c.want)
			}
		}
	})
}

func TestSessions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u := newUser("fd@example.com", clinic.RoleFrontDesk)
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		idle := func(clinic.Role) time.Duration { return 15 * time.Minute }
		start := testNow
		s := &clinic.Session{TokenHash: "h1", UserID: u.ID}
		if err := db.CreateSession(ctx, s); err != nil {
			t.Fatal(err)
		}
		lookup := func(at time.Time) error {
			_, err := db.SessionByToken(ctx, "h1", at, idle)
			return err
		}
		t.Run("activity within the idle timeout keeps it alive", func(t *testing.T) {
			for at := start; at.Before(start.Add(2 * time.Hour)); at = at.Add(14 * time.Minute) {
				if err := lookup(at); err != nil {
					t.Fatalf("at +%v: %v", at.Sub(start), err)
				}
			}
		})
		t.Run("it ends after the absolute lifetime however active", func(t *testing.T) {
			s2 := &clinic.Session{TokenHash: "h2", UserID: u.ID}
			db.CreateSession(ctx, s2)
			at := start
			for ; at.Before(start.Add(clinic.SessionLifetime)); at = at.Add(10 * time.Minute) {
				if _, err := db.SessionByToken(ctx, "h2", at, idle); err != nil {
					t.Fatalf("at +%v: %v", at.Sub(start), err)
				}
			}
			if _, err := db.SessionByToken(ctx, "h2", start.Add(clinic.SessionLifetime), idle); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("after 12 hours: %v", err)
			}
		})
		t.Run("it ends after the idle timeout", func(t *testing.T) {
			s3 := &clinic.Session{TokenHash: "h3", UserID: u.ID}
			db.CreateSession(ctx, s3)
			if _, err := db.SessionByToken(ctx, "h3", start.Add(15*time.Minute), idle); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("after 15 idle minutes: %v", err)
			}
			if _, err := db.SessionByToken(ctx, "h3", start, idle); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("an ended session came back: %v", err)
			}
		})
		t.Run("disabling the user ends every session at once", func(t *testing.T) {
			db.CreateSession(ctx, &clinic.Session{TokenHash: "h4", UserID: u.ID})
			u.Disabled = true
			if err := db.UpdateUser(ctx, u); err != nil {
				t.Fatal(err)
			}
			if err := lookup(start.Add(time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("session of a disabled user: %v", err)
			}
			var n int
			db.read.QueryRow(`SELECT count(*) FROM sessions WHERE user_id = $1`, u.ID).Scan(&n)
			if n != 0 {
				t.Errorf("%d sessions left", n)
			}
		})
	})
}

func TestOneTimeTokens(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u := newUser("ed@example.com", clinic.RoleEditor)
		db.CreateUser(ctx, u)
		exp := testNow.Add(clinic.ResetTokenLifetime)
		if err := db.CreateToken(ctx, clinic.TokenReset, "r1", u.ID, exp); err != nil {
			t.Fatal(err)
		}
		db.CreateToken(ctx, clinic.TokenReset, "r2", u.ID, exp)
		db.CreateToken(ctx, clinic.TokenSetup, "s1", 0, exp)
		cases := []struct {
			name, purpose, hash string
			at                  time.Time
			want                int64
			kind                string
		}{
			{"a reset token works once", clinic.TokenReset, "r1", testNow, u.ID, ""},
			{"and not a second time", clinic.TokenReset, "r1", testNow, 0, clinic.ENotFound},
			{"a token for another purpose does not work", clinic.TokenSetup, "r2", testNow, 0, clinic.ENotFound},
			{"an expired token does not work", clinic.TokenReset, "r2", exp, 0, clinic.ENotFound},
			{"a setup token has no user", clinic.TokenSetup, "s1", testNow, 0, ""},
			{"an unknown token does not work", clinic.TokenReset, "zz", testNow, 0, clinic.ENotFound},
		}
		for _, c := range cases {
			got, err := db.UseToken(ctx, c.purpose, c.hash, c.at)
			if got != c.want || clinic.ErrorKind(err) != c.kind && !(c.kind == "" && err == nil) {
				t.Errorf("%s: got %d, %v", c.name, got, err)
			}
		}
	})
}

func TestThrottle(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		acct := clinic.ThrottleKey{Key: "account:a@example.com", Limit: 3}
		addr := clinic.ThrottleKey{Key: "addr:192.0.2.1", Limit: 5}
		for i := range 3 {
			if ok, _ := db.Throttled(ctx, testNow, acct, addr); ok {
				t.Fatalf("throttled after %d failures", i)
			}
			db.RecordFailure(ctx, testNow, acct, addr)
		}
		if ok, _ := db.Throttled(ctx, testNow, acct, addr); !ok {
			t.Error("not throttled after 3 failures with a limit of 3")
		}
		if ok, _ := db.Throttled(ctx, testNow.Add(clinic.ThrottleWindow), acct); ok {
			t.Error("still throttled once the window has passed")
		}
		db.ClearFailures(ctx, acct)
		if ok, _ := db.Throttled(ctx, testNow, acct); ok {
			t.Error("throttled after the failures were cleared")
		}
		other := clinic.ThrottleKey{Key: "account:b@example.com", Limit: 3}
		db.RecordFailure(ctx, testNow, other, addr)
		db.RecordFailure(ctx, testNow, other, addr)
		if ok, _ := db.Throttled(ctx, testNow, addr); !ok {
			t.Error("the address is not throttled after 5 failures across accounts")
		}
	})
}
