package store

import (
	"bytes"
	"context"
	"testing"
	"time"

	"clinic"
)

func TestPasskeysAndTheirCeremonies(t *testing.T) {
	t.Parallel()
	forEachDialect(t, func(t *testing.T, db *DB) {
		ctx := context.Background()
		a, err := db.PortalAccountFor(ctx, "jane@example.com")
		if err != nil {
			t.Fatal(err)
		}
		b, err := db.PortalAccountFor(ctx, "bo@example.com")
		if err != nil {
			t.Fatal(err)
		}
		t.Run("a handle is made once per account and finds it", func(t *testing.T) {
			h1, err := db.PasskeyHandle(ctx, "clinic.example", a.ID)
			if err != nil || len(h1) != 32 {
				t.Fatalf("handle %x, %v", h1, err)
			}
			h2, _ := db.PasskeyHandle(ctx, "clinic.example", a.ID)
			other, _ := db.PasskeyHandle(ctx, "clinic.example", b.ID)
			if !bytes.Equal(h1, h2) || bytes.Equal(h1, other) {
				t.Errorf("handles %x %x %x", h1, h2, other)
			}
			got, err := db.PasskeyAccount(ctx, "clinic.example", h1)
			if err != nil || got.ID != a.ID {
				t.Errorf("account of the handle: %v, %v", got, err)
			}
			if _, err := db.PasskeyAccount(ctx, "other.example", h1); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("another relying party: %v", err)
			}
		})
		pk := &clinic.Passkey{AccountID: a.ID, RPID: "clinic.example", CredentialID: []byte{1, 2, 3}, Name: "Jane's phone", Record: []byte(`{"id":"AQID"}`)}
		t.Run("a passkey is kept with its record sealed, once", func(t *testing.T) {
			if err := db.AddPasskey(ctx, pk); err != nil {
				t.Fatal(err)
			}
			dup := *pk
			if err := db.AddPasskey(ctx, &dup); clinic.ErrorKind(err) != clinic.EConflict {
				t.Errorf("the same credential again: %v", err)
			}
			if err := db.PasskeyUsed(ctx, pk.ID, []byte(`{"id":"AQID","n":2}`)); err != nil {
				t.Fatal(err)
			}
			ps, err := db.Passkeys(ctx, "clinic.example", a.ID)
			if err != nil || len(ps) != 1 || ps[0].Name != "Jane's phone" || string(ps[0].Record) != `{"id":"AQID","n":2}` || ps[0].LastUsedAt.IsZero() {
				t.Fatalf("passkeys %+v, %v", ps, err)
			}
			db.EachValue(ctx, func(table, column, value string) error {
				if bytes.Contains([]byte(value), []byte("Jane's phone")) {
					t.Errorf("%s.%s holds the name in plain text", table, column)
				}
				return nil
			})
		})
		t.Run("another account cannot remove it", func(t *testing.T) {
			if err := db.DeletePasskey(ctx, b.ID, pk.ID); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("another's: %v", err)
			}
			if err := db.DeletePasskey(ctx, a.ID, pk.ID); err != nil {
				t.Errorf("one's own: %v", err)
			}
		})
		t.Run("a ceremony is taken once, of its kind, before it expires", func(t *testing.T) {
			for _, c := range []*clinic.Ceremony{
				{TokenHash: "c1", Kind: clinic.CeremonySignIn, Data: []byte("challenge 1"), Expires: testNow.Add(5 * time.Minute)},
				{TokenHash: "c2", Kind: clinic.CeremonySignIn, Data: []byte("challenge 2"), Expires: testNow.Add(5 * time.Minute)},
				{TokenHash: "c3", Kind: clinic.CeremonyRegister, Data: []byte("challenge 3"), Expires: testNow.Add(5 * time.Minute)},
			} {
				if err := db.SaveCeremony(ctx, c); err != nil {
					t.Fatal(err)
				}
			}
			c, err := db.TakeCeremony(ctx, "c1", clinic.CeremonySignIn, testNow.Add(time.Minute))
			if err != nil || string(c.Data) != "challenge 1" {
				t.Fatalf("take: %v, %v", c, err)
			}
			cases := []struct{ name, hash, kind string }{{"used", "c1", clinic.CeremonySignIn}, {"unknown", "c9", clinic.CeremonySignIn},
				{"of another kind", "c3", clinic.CeremonySignIn}}
			for _, k := range cases {
				if _, err := db.TakeCeremony(ctx, k.hash, k.kind, testNow.Add(time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
					t.Errorf("%s: %v", k.name, err)
				}
			}
			if _, err := db.TakeCeremony(ctx, "c2", clinic.CeremonySignIn, testNow.Add(6*time.Minute)); clinic.ErrorKind(err) != clinic.ENotFound {
				t.Errorf("expired: %v", err)
			}
		})
	})
}
