package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// testKeyring returns a keyring of fixed keys with the given ids; key id
// i is 32 bytes of value i.
func testKeyring(t testing.TB, ids ...uint32) *Keyring {
	t.Helper()
	var entries []string
	for _, id := range ids {
		entries = append(entries, fmt.Sprintf("%d:%s", id, base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{byte(id)}, KeySize))))
	}
	k, err := ParseKeyring(strings.Join(entries, ","))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// newTestStore returns a Store in a fresh folder, encrypting under key 1.
func newTestStore(t testing.TB) (*Store, *Folder) {
	t.Helper()
	f, err := NewFolder(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return New(f, testKeyring(t, 1)), f
}

// newStoreOn returns a Store on b, encrypting under key 1.
func newStoreOn(t testing.TB, b Backend) *Store {
	t.Helper()
	return New(b, testKeyring(t, 1))
}

// stream returns n pseudo-random bytes that are never held in memory
// whole; the same seed gives the same bytes.
func stream(n int64, seed uint64) io.Reader {
	var s [32]byte
	s[0] = byte(seed)
	s[1] = byte(seed >> 8)
	return io.LimitReader(rand.NewChaCha8(s), n)
}

// sumOf returns the SHA-256 and length of what r gives.
func sumOf(t testing.TB, r io.Reader) ([sha256.Size]byte, int64) {
	t.Helper()
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		t.Fatal(err)
	}
	var sum [sha256.Size]byte
	h.Sum(sum[:0])
	return sum, n
}

// readBack opens name and reads it whole, returning the first error of
// either step.
func readBack(s *Store, name string) ([]byte, error) {
	r, err := s.Open(context.Background(), name)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

// put stores b and fails the test on error.
func put(t testing.TB, s *Store, b []byte) Stored {
	t.Helper()
	st, err := s.Put(context.Background(), bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

// names lists the objects of s.
func names(t testing.TB, s *Store) []string {
	t.Helper()
	var got []string
	err := s.Walk(context.Background(), func(i Info, err error) error {
		got = append(got, i.Name)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return got
}
