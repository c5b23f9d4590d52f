package blob

import (
	"bytes"
	"context"
	"errors"
	"testing"
)

func TestTamperedFilesAreRefused(t *testing.T) {
	onEachBackend(t, testTamperedFilesAreRefused)
}

func testTamperedFilesAreRefused(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	plain := bytes.Repeat([]byte("slice "), (firstPlain+2*nextPlain)/6+100) // four segments
	flip := func(i int) func([]byte) []byte {
		return func(b []byte) []byte {
			b[i] ^= 0x20
			return b
		}
	}
	cut := func(n int) func([]byte) []byte {
		return func(b []byte) []byte { return b[:n] }
	}
	tests := []struct {
		name   string
		change func(b []byte) []byte
		want   error
	}{
		{"a flipped bit in the format byte", flip(3), ErrIntegrity},
		{"a flipped bit in the salt", flip(headerLen + 5), ErrIntegrity},
		{"a flipped bit in the first segment", flip(headerLen + tinkHeaderLen + 100), ErrIntegrity},
		{"a flipped bit in a middle segment", flip(segmentSize + 100), ErrIntegrity},
		{"a flipped bit in the last tag", func(b []byte) []byte { b[len(b)-1] ^= 1; return b }, ErrIntegrity},
		{"a key id changed to one not in the ring", flip(7), ErrUnknownKey},
		{"a file cut to nothing", cut(0), ErrIntegrity},
		{"a file cut inside the header", cut(5), ErrIntegrity},
		{"a file cut inside a segment", cut(segmentSize + 1000), ErrIntegrity},
		{"a file cut at a segment boundary", cut(2 * segmentSize), ErrIntegrity},
		{"a file with a byte added", func(b []byte) []byte { return append(b, 0) }, ErrIntegrity},
		{"a file with two segments swapped", func(b []byte) []byte {
			s1 := bytes.Clone(b[segmentSize : 2*segmentSize])
			copy(b[segmentSize:], b[2*segmentSize:3*segmentSize])
			copy(b[2*segmentSize:], s1)
			return b
		}, ErrIntegrity},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			st := put(t, s, plain)
			writeRaw(t, b, st.Name, tc.change(rawFile(t, b, st.Name)))
			got, err := readBack(s, st.Name)
			if !errors.Is(err, tc.want) {
				t.Errorf("read %d bytes, error %v; want %v", len(got), err, tc.want)
			}
		})
	}
}

func TestSwappedFilesAreRefused(t *testing.T) {
	onEachBackend(t, testSwappedFilesAreRefused)
}

func testSwappedFilesAreRefused(t *testing.T, bk Backend) {
	s := newStoreOn(t, bk)
	a := put(t, s, []byte("report of patient A"))
	b := put(t, s, []byte("report of patient B"))
	rawA, rawB := rawFile(t, bk, a.Name), rawFile(t, bk, b.Name)
	writeRaw(t, bk, a.Name, rawB)
	writeRaw(t, bk, b.Name, rawA)
	for _, name := range []string{a.Name, b.Name} {
		_, err := s.Open(context.Background(), name)
		if !errors.Is(err, ErrIntegrity) {
			t.Errorf("opening a file moved under %s: error %v, want ErrIntegrity", name, err)
		}
	}
}

func TestOtherKeysCannotRead(t *testing.T) {
	onEachBackend(t, testOtherKeysCannotRead)
}

func testOtherKeysCannotRead(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	st := put(t, s, []byte("x-ray"))
	// A keyring whose key 1 is another key: the header names key 1, the
	// derived key does not match.
	other, err := ParseKeyring("1:" + "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI=")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readBack(New(b, other), st.Name); !errors.Is(err, ErrIntegrity) {
		t.Errorf("read under another key: error %v, want ErrIntegrity", err)
	}
}

func TestStatRefusesImpossibleSizes(t *testing.T) {
	onEachBackend(t, testStatRefusesImpossibleSizes)
}

func testStatRefusesImpossibleSizes(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	st := put(t, s, bytes.Repeat([]byte{7}, firstPlain+10))
	raw := rawFile(t, b, st.Name)
	writeRaw(t, b, st.Name, raw[:segmentSize+3]) // a last segment shorter than a tag
	if _, err := s.Stat(context.Background(), st.Name); !errors.Is(err, ErrIntegrity) {
		t.Errorf("Stat of a file no object can be: error %v, want ErrIntegrity", err)
	}
}

func TestPlainSizeMatchesStoredFiles(t *testing.T) {
	onEachBackend(t, testPlainSizeMatchesStoredFiles)
}

func testPlainSizeMatchesStoredFiles(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	for _, n := range []int{0, 1, firstPlain - 1, firstPlain, firstPlain + 1, firstPlain + nextPlain, firstPlain + 3*nextPlain + 17} {
		st := put(t, s, make([]byte, n))
		o, err := b.Stat(context.Background(), st.Name)
		if err != nil {
			t.Fatal(err)
		}
		if got, ok := plainSize(o.Size); !ok || got != int64(n) || o.Size != int64(len(rawFile(t, b, st.Name))) {
			t.Errorf("plainSize(%d) = %d, %v; want %d", o.Size, got, ok, n)
		}
	}
}
