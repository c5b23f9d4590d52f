package blob

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"testing"
)

// fuzzName is the name every fuzzed object is read under.
const fuzzName = "0123456789abcdef0123456789abcdef"

// encrypted returns the stored form of plain under fuzzName and key 1.
func encrypted(t testing.TB, k *Keyring, plain []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w, err := k.encrypt(&buf, fuzzName)
	if err != nil {
		t.Fatal(err)
	}
	w.Write(plain)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzDecrypt reads arbitrary bytes as a stored object: it must never
// panic, must fail with one of the package's errors, and must not
// allocate more than a few segments whatever the input claims.
func FuzzDecrypt(f *testing.F) {
	k := testKeyring(f, 1)
	for _, n := range []int{0, 1, 100, firstPlain, firstPlain + 10} {
		f.Add(encrypted(f, k, bytes.Repeat([]byte{'x'}, n)))
	}
	f.Add([]byte("CLB\x01\x00\x00\x00\x01"))
	f.Add([]byte("CLB\x01\x00\x00\x00\x01\x28"))
	f.Add([]byte("CLB\x02\xff\xff\xff\xff"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		r, _, err := k.decrypt(bytes.NewReader(data), fuzzName)
		if err == nil {
			_, err = io.Copy(io.Discard, r)
		}
		runtime.ReadMemStats(&after)
		if err != nil && !errors.Is(err, ErrIntegrity) && !errors.Is(err, ErrUnknownKey) {
			t.Errorf("error %v is neither ErrIntegrity nor ErrUnknownKey", err)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > 4*segmentSize+64<<10 {
			t.Errorf("reading %d bytes allocated %d", len(data), got)
		}
	})
}

func TestDecryptReadsWhatEncryptWrote(t *testing.T) {
	k := testKeyring(t, 1)
	plain := bytes.Repeat([]byte("0123456789"), firstPlain/5)
	r, id, err := k.decrypt(bytes.NewReader(encrypted(t, k, plain)), fuzzName)
	if err != nil || id != 1 {
		t.Fatalf("decrypt: key %d, %v", id, err)
	}
	got, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(got, plain) {
		t.Errorf("read %d bytes (%v), want %d", len(got), err, len(plain))
	}
}
