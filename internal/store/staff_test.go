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
	t.Parallel()
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
	t.Parallel()
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
	t.Parallel()
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
			if err := db.SetRoleDisabled(ctx, u.ID, u.Role, true); err != nil {
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
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		u := newUser("ed@example.com", clinic.RoleEditor)
		db.CreateUser(ctx, u)
		exp := testNow.Add(clinic.ResetTokenLifetime)
		other := newUser("other@example.com", clinic.RoleEditor)
		db.CreateUser(ctx, other)
		db.CreateToken(ctx, clinic.TokenReset, "old", u.ID, exp)
		if err := db.CreateToken(ctx, clinic.TokenReset, "r1", u.ID, exp); err != nil {
			t.Fatal(err)
		}
		db.CreateToken(ctx, clinic.TokenReset, "r2", other.ID, exp)
		db.CreateToken(ctx, clinic.TokenSetup, "s1", 0, exp)
		cases := []struct {
			name, purpose, hash string
			at                  time.Time
			want                int64
			kind                string
		}{
			{"a newer link revokes an older one", clinic.TokenReset, "old", testNow, 0, clinic.ENotFound},
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
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		acct := clinic.ThrottleKey{Key: "account:a@example.com", Limit: 3}
		addr := clinic.ThrottleKey{Key: "addr:192.0.2.1", Limit: 5}
		take := func(at time.Time, keys ...clinic.ThrottleKey) ([]int64, bool) {
			t.Helper()
			ids, limited, err := db.TakeAttempt(ctx, at, keys...)
			if err != nil {
				t.Fatal(err)
			}
			return ids, limited
		}
		for i := range 3 {
			if _, limited := take(testNow, acct, addr); limited {
				t.Fatalf("throttled at attempt %d", i+1)
			}
		}
		if _, limited := take(testNow, acct, addr); !limited {
			t.Error("a fourth attempt with a limit of 3 went through")
		}
		if _, limited := take(testNow.Add(clinic.ThrottleWindow), acct); limited {
			t.Error("still throttled once the window has passed")
		}
		other := clinic.ThrottleKey{Key: "account:b@example.com", Limit: 3}
		ids, _ := take(testNow, other, addr)
		if err := db.ForgetAttempt(ctx, ids); err != nil {
			t.Fatal(err)
		}
		take(testNow, other, addr)
		if _, limited := take(testNow, other, addr); limited {
			t.Error("a forgotten attempt still counts")
		}
		if _, limited := take(testNow, addr); !limited {
			t.Error("the address is not throttled after 5 counted attempts across accounts")
		}
	})
}

func TestAccountChanges(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		admin := newUser("admin@example.com", clinic.RoleAdmin)
		ed := newUser("ed@example.com", clinic.RoleEditor)
		db.CreateUser(ctx, admin)
		db.CreateUser(ctx, ed)
		t.Run("another user can be disabled with one admin", func(t *testing.T) {
			if err := db.SetRoleDisabled(ctx, ed.ID, clinic.RoleEditor, true); err != nil {
				t.Fatal(err)
			}
			if err := db.SetRoleDisabled(ctx, ed.ID, clinic.RoleEditor, false); err != nil {
				t.Fatal(err)
			}
		})
		t.Run("the last enabled admin cannot be disabled or demoted", func(t *testing.T) {
			for _, c := range []struct {
				role     clinic.Role
				disabled bool
			}{{clinic.RoleAdmin, true}, {clinic.RoleEditor, false}} {
				if err := db.SetRoleDisabled(ctx, admin.ID, c.role, c.disabled); clinic.ErrorKind(err) != clinic.EConflict {
					t.Errorf("%v: %v", c, err)
				}
			}
		})
		t.Run("two admins disabling each other at once leave one", func(t *testing.T) {
			second := newUser("second@example.com", clinic.RoleAdmin)
			db.CreateUser(ctx, second)
			errs := make(chan error, 2)
			go func() { errs <- db.SetRoleDisabled(ctx, admin.ID, clinic.RoleAdmin, true) }()
			go func() { errs <- db.SetRoleDisabled(ctx, second.ID, clinic.RoleAdmin, true) }()
			e1, e2 := <-errs, <-errs
			if (e1 == nil) == (e2 == nil) {
				t.Errorf("both or neither went through: %v, %v", e1, e2)
			}
			if ok, _ := db.HasAdmin(ctx); !ok {
				t.Error("no enabled admin left")
			}
		})
		t.Run("a new password ends sessions and unused links", func(t *testing.T) {
			db.CreateSession(ctx, &clinic.Session{TokenHash: "s-ed", UserID: ed.ID})
			db.CreateToken(ctx, clinic.TokenReset, "link-ed", ed.ID, testNow.Add(time.Hour))
			if err := db.SetPasswordHash(ctx, ed.ID, "$argon2id$new"); err != nil {
				t.Fatal(err)
			}
			if _, err := db.SessionByToken(ctx, "s-ed", testNow, func(clinic.Role) time.Duration { return time.Hour }); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("session: %v", err)
			}
			if _, err := db.UseToken(ctx, clinic.TokenReset, "link-ed", testNow); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("link: %v", err)
			}
		})
		t.Run("a parallel burst of attempts is held to the limit", func(t *testing.T) {
			key := clinic.ThrottleKey{Key: "account:burst@example.com", Limit: 5}
			passed := make(chan bool, 30)
			for range 30 {
				go func() {
					_, limited, err := db.TakeAttempt(ctx, testNow, key)
					passed <- err == nil && !limited
				}()
			}
			n := 0
			for range 30 {
				if <-passed {
					n++
				}
			}
			if n != 5 {
				t.Errorf("%d of 30 attempts passed a limit of 5", n)
			}
		})
		t.Run("a setup link is spent only when the user is made", func(t *testing.T) {
			db.CreateToken(ctx, clinic.TokenSetup, "setup", 0, testNow.Add(time.Hour))
			taken := newUser("admin@example.com", clinic.RoleAdmin)
			if err := db.CreateUserWithToken(ctx, clinic.TokenSetup, "setup", taken, testNow); clinic.ErrorKind(err) != clinic.EConflict {
				t.Fatalf("taken email: %v", err)
			}
			if ok, _ := db.TokenValid(ctx, clinic.TokenSetup, "setup", testNow); !ok {
				t.Error("the link was spent by a failed setup")
			}
			fresh := newUser("fresh@example.com", clinic.RoleAdmin)
			if err := db.CreateUserWithToken(ctx, clinic.TokenSetup, "setup", fresh, testNow); err != nil {
				t.Fatal(err)
			}
			if ok, _ := db.TokenValid(ctx, clinic.TokenSetup, "setup", testNow); ok {
				t.Error("the link still works")
			}
		})
	})
}
