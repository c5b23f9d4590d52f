package store

import (
	"context"
	"strings"
	"testing"

	"clinic"
)

func TestPortalPasswordWithAuthenticator(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.PortalAccountFor(ctx, "jane@example.com")
		if err != nil {
			t.Fatal(err)
		}
		sess := &clinic.PortalSession{TokenHash: "session-hash", AccountID: a.ID}
		if err := db.CreatePortalSession(ctx, sess); err != nil {
			t.Fatal(err)
		}
		const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
		t.Run("an address with no account is not found, and none is made", func(t *testing.T) {
			if _, err := db.PortalAccountByEmail(ctx, "nobody@example.com"); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("unknown address: %v", err)
			}
			if _, err := db.PortalAccountByEmail(ctx, "nobody@example.com"); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("the lookup made an account: %v", err)
			}
			if got, err := db.PortalAccountByEmail(ctx, " Jane@Example.com"); err != nil || got.ID != a.ID || got.PasswordHash != "" {
				t.Errorf("known address: %+v, %v", got, err)
			}
		})
		t.Run("a password without an authenticator, or the reverse, is refused", func(t *testing.T) {
			for _, c := range [][2]string{{"hash", ""}, {"", secret}} {
				if err := db.SetPortalPassword(ctx, a.ID, c[0], c[1], 1); clinic.ErrorKind(err) != clinic.EInvalid {
					t.Errorf("%q: %v", c, err)
				}
			}
		})
		t.Run("the secret offered waits sealed on the session until the password is set", func(t *testing.T) {
			if err := db.SetPortalPendingTOTP(ctx, sess.ID, secret); err != nil {
				t.Fatal(err)
			}
			if got, err := db.PortalPendingTOTP(ctx, sess.ID); got != secret || err != nil {
				t.Errorf("pending: %q, %v", got, err)
			}
			if err := db.SetPortalPassword(ctx, a.ID, "$argon2id$hash", secret, 100); err != nil {
				t.Fatal(err)
			}
			if got, _ := db.PortalPendingTOTP(ctx, sess.ID); got != "" {
				t.Errorf("still pending: %q", got)
			}
			if got, step, err := db.PortalTOTP(ctx, a.ID); got != secret || step != 100 || err != nil {
				t.Errorf("authenticator: %q %d %v", got, step, err)
			}
			db.EachValue(ctx, func(table, column, value string) error {
				if strings.Contains(value, secret) {
					t.Errorf("%s.%s holds the secret in plain text", table, column)
				}
				return nil
			})
		})
		t.Run("each time step is used once", func(t *testing.T) {
			for _, c := range []struct {
				step int64
				want bool
			}{{100, false}, {99, false}, {101, true}, {101, false}} {
				if ok, err := db.AcceptPortalTOTPStep(ctx, a.ID, c.step); ok != c.want || err != nil {
					t.Errorf("step %d: %v, %v", c.step, ok, err)
				}
			}
		})
		t.Run("a hash is upgraded only from the old one", func(t *testing.T) {
			db.UpgradePortalPasswordHash(ctx, a.ID, "not the hash", "other")
			if got, _ := db.PortalAccount(ctx, a.ID); got.PasswordHash != "$argon2id$hash" {
				t.Errorf("hash %q", got.PasswordHash)
			}
			db.UpgradePortalPasswordHash(ctx, a.ID, "$argon2id$hash", "$argon2id$new")
			if got, _ := db.PortalAccount(ctx, a.ID); got.PasswordHash != "$argon2id$new" {
				t.Errorf("hash %q", got.PasswordHash)
			}
		})
		t.Run("removing the password removes the authenticator", func(t *testing.T) {
			if err := db.SetPortalPassword(ctx, a.ID, "", "", 0); err != nil {
				t.Fatal(err)
			}
			got, _ := db.PortalAccount(ctx, a.ID)
			if s, _, _ := db.PortalTOTP(ctx, a.ID); got.PasswordHash != "" || s != "" {
				t.Errorf("left: %q %q", got.PasswordHash, s)
			}
		})
		t.Run("closing the account ends both, and a closed account takes none", func(t *testing.T) {
			if err := db.SetPortalPassword(ctx, a.ID, "$argon2id$hash", secret, 5); err != nil {
				t.Fatal(err)
			}
			if err := db.CloseAccount(ctx, a.ID); err != nil {
				t.Fatal(err)
			}
			got, _ := db.PortalAccount(ctx, a.ID)
			if s, _, _ := db.PortalTOTP(ctx, a.ID); got.PasswordHash != "" || s != "" {
				t.Errorf("left on a closed account: %q %q", got.PasswordHash, s)
			}
			if _, err := db.PortalAccountByEmail(ctx, "jane@example.com"); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("a closed account found: %v", err)
			}
			if err := db.SetPortalPassword(ctx, a.ID, "$argon2id$hash", secret, 6); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("a closed account took a password: %v", err)
			}
		})
	})
}
