package seal

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func newSealer(t *testing.T, fill byte) *Sealer {
	t.Helper()
	s, err := New(bytes.Repeat([]byte{fill}, KeySize))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSealOpen(t *testing.T) {
	s := newSealer(t, 1)
	for _, p := range []string{"", "a", "jane@example.com", string(bytes.Repeat([]byte("x"), 10000))} {
		sealed := s.Seal([]byte(p))
		// A short plaintext turns up among random bytes by chance (one byte
		// in about one run of ten), so only longer ones are looked for.
		if len(p) >= 8 && bytes.Contains(sealed, []byte(p)) {
			t.Errorf("sealed value holds the plaintext %.20q", p)
		}
		got, err := s.Open(sealed)
		if err != nil {
			t.Fatalf("open %.20q: %v", p, err)
		}
		if diff := cmp.Diff(p, string(got)); diff != "" {
			t.Errorf("round trip (-want +got):\n%s", diff)
		}
	}
}

func TestSealIsRandomized(t *testing.T) {
	s := newSealer(t, 1)
	a, b := s.Seal([]byte("same")), s.Seal([]byte("same"))
	if bytes.Equal(a, b) {
		t.Error("sealing the same plaintext twice gave the same bytes")
	}
}

func TestOpenRejects(t *testing.T) {
	s := newSealer(t, 1)
	sealed := s.Seal([]byte("jane@example.com"))
	flip := func(i int) []byte {
		b := bytes.Clone(sealed)
		b[i] ^= 0x01
		return b
	}
	tests := []struct {
		name  string
		input []byte
		by    *Sealer
	}{
		{"a changed version byte", flip(0), s},
		{"a changed nonce", flip(3), s},
		{"a changed ciphertext", flip(len(sealed) / 2), s},
		{"a changed tag", flip(len(sealed) - 1), s},
		{"a truncated value", sealed[:len(sealed)-1], s},
		{"an empty value", nil, s},
		{"a value shorter than nonce and tag", sealed[:10], s},
		{"a value sealed under another key", sealed, newSealer(t, 2)},
	}
	for _, tt := range tests {
		t.Run("open refuses "+tt.name, func(t *testing.T) {
			if p, err := tt.by.Open(tt.input); !errors.Is(err, ErrOpen) {
				t.Errorf("Open = %q, %v; want ErrOpen", p, err)
			}
		})
	}
}

func TestNewRejectsBadKeys(t *testing.T) {
	for _, n := range []int{0, 16, 31, 33, 64} {
		if _, err := New(make([]byte, n)); err == nil {
			t.Errorf("New accepted a %d-byte key", n)
		}
	}
}

func TestHash(t *testing.T) {
	a, b := newSealer(t, 1), newSealer(t, 2)
	tests := []struct {
		name  string
		x, y  string
		s1    *Sealer
		s2    *Sealer
		equal bool
	}{
		{"equal inputs give equal hashes", "203.0.113.7", "203.0.113.7", a, a, true},
		{"different inputs give different hashes", "203.0.113.7", "203.0.113.8", a, a, false},
		{"another key gives another hash", "203.0.113.7", "203.0.113.7", a, b, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h1, h2 := tt.s1.Hash(tt.x), tt.s2.Hash(tt.y)
			if len(h1) != 64 {
				t.Errorf("hash %q is not 64 hex digits", h1)
			}
			if (h1 == h2) != tt.equal {
				t.Errorf("Hash(%q) = %s, Hash(%q) = %s; equal want %v", tt.x, h1, tt.y, h2, tt.equal)
			}
		})
	}
}

func TestLoadOrCreateKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys", "seal.key")
	k1, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != KeySize {
		t.Fatalf("key is %d bytes", len(k1))
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("key file mode = %v, want 0600", fi.Mode().Perm())
	}
	k2, err := LoadOrCreateKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(k1, k2) {
		t.Error("a second load gave another key")
	}
}

func TestLoadOrCreateKeyRace(t *testing.T) {
	path := filepath.Join(t.TempDir(), "seal.key")
	keys := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range keys {
		wg.Go(func() {
			k, err := LoadOrCreateKey(path)
			if err != nil {
				t.Error(err)
			}
			keys[i] = k
		})
	}
	wg.Wait()
	for i := range keys {
		if !bytes.Equal(keys[0], keys[i]) {
			t.Fatalf("racing loads got different keys")
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("folder holds %d files, want only the key", len(entries))
	}
}

func TestLoadOrCreateKeyRejectsBadFiles(t *testing.T) {
	tests := []struct{ name, content string }{
		{"a file that is not base64", "not a key!"},
		{"a key of the wrong length", "c2hvcnQ=\n"},
	}
	for _, tt := range tests {
		t.Run("load refuses "+tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "seal.key")
			if err := os.WriteFile(path, []byte(tt.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := LoadOrCreateKey(path); err == nil {
				t.Error("LoadOrCreateKey accepted the file")
			}
		})
	}
}
