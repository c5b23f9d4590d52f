package auth

import (
	"encoding/base64"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewToken(t *testing.T) {
	plain, hash := NewToken()
	raw, err := base64.RawURLEncoding.DecodeString(plain)
	if err != nil {
		t.Fatalf("token %q is not URL-safe base64: %v", plain, err)
	}
	if diff := cmp.Diff(32, len(raw)); diff != "" {
		t.Errorf("random bytes (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(hash, HashToken(plain)); diff != "" {
		t.Errorf("HashToken of the token (-want +got):\n%s", diff)
	}
	if hash == plain || len(hash) != 64 {
		t.Errorf("hash %q is not a hex SHA-256 of the token", hash)
	}
	if other, _ := NewToken(); other == plain {
		t.Error("two new tokens are the same")
	}
}

func TestHashTokenIsSHA256(t *testing.T) {
	// SHA-256 of the empty string and of "abc", from FIPS 180-2.
	tests := map[string]string{
		"":    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	}
	for in, want := range tests {
		if diff := cmp.Diff(want, HashToken(in)); diff != "" {
			t.Errorf("HashToken(%q) (-want +got):\n%s", in, diff)
		}
	}
}
