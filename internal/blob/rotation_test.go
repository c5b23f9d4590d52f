package blob

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"testing"
)

// keyIDOf reads the key id from an object's stored header.
func keyIDOf(t *testing.T, f Backend, name string) uint32 {
	t.Helper()
	return binary.BigEndian.Uint32(rawFile(t, f, name)[4:8])
}

func TestRotation(t *testing.T) {
	onEachBackend(t, testRotation)
}

func testRotation(t *testing.T, f Backend) {
	ctx := context.Background()
	old := New(f, testKeyring(t, 1))
	contents := map[string][]byte{}
	for _, size := range []int{0, 1000, firstPlain + nextPlain + 5} {
		b := bytes.Repeat([]byte{byte(size)}, size)
		contents[put(t, old, b).Name] = b
	}

	// A new key is added: new objects use it, old ones stay readable.
	rotated := New(f, testKeyring(t, 1, 2))
	fresh := put(t, rotated, []byte("after rotation"))
	contents[fresh.Name] = []byte("after rotation")
	if id := keyIDOf(t, f, fresh.Name); id != 2 {
		t.Errorf("a new object is under key %d, want 2", id)
	}
	checkContents(t, rotated, contents)

	// Re-encryption moves every old object and leaves the new one alone.
	rep, err := rotated.Reencrypt(ctx)
	if err != nil || rep.Checked != 3 || len(rep.Problems) != 0 {
		t.Fatalf("Reencrypt = %+v, %v; want 3 moved, no problems", rep, err)
	}
	for name := range contents {
		if id := keyIDOf(t, f, name); id != 2 {
			t.Errorf("object %s is under key %d after re-encryption, want 2", name, id)
		}
	}

	// Key 1 can go: the ring of key 2 alone reads everything.
	checkContents(t, New(f, testKeyring(t, 2)), contents)
	if rep, err := rotated.Reencrypt(ctx); err != nil || rep.Checked != 0 {
		t.Errorf("a second Reencrypt moved %d objects (%v), want 0", rep.Checked, err)
	}
	if _, err := readBack(old, fresh.Name); !errors.Is(err, ErrUnknownKey) {
		t.Errorf("the old ring read a key-2 object: error %v, want ErrUnknownKey", err)
	}
}

// checkContents reads every object back and compares it.
func checkContents(t *testing.T, s *Store, contents map[string][]byte) {
	t.Helper()
	for name, want := range contents {
		got, err := readBack(s, name)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("object %s: read %d bytes (%v), want %d", name, len(got), err, len(want))
		}
	}
}

func TestReencryptKeepsDamagedObjectsAndGoesOn(t *testing.T) {
	onEachBackend(t, testReencryptKeepsDamagedObjectsAndGoesOn)
}

func testReencryptKeepsDamagedObjectsAndGoesOn(t *testing.T, f Backend) {
	ctx := context.Background()
	old := New(f, testKeyring(t, 1))
	good := put(t, old, bytes.Repeat([]byte("g"), 5000))
	bad := put(t, old, bytes.Repeat([]byte("b"), firstPlain+5000))
	raw := rawFile(t, f, bad.Name)
	raw[len(raw)-3] ^= 1 // damage in the last segment: found only after the first one was copied
	writeRaw(t, f, bad.Name, raw)

	rep, err := New(f, testKeyring(t, 1, 2)).Reencrypt(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Checked != 1 || len(rep.Problems) != 1 || rep.Problems[0].Name != bad.Name || !errors.Is(rep.Problems[0].Err, ErrIntegrity) {
		t.Errorf("Reencrypt = %+v; want the good one moved and the damaged one reported", rep)
	}
	if id := keyIDOf(t, f, good.Name); id != 2 {
		t.Errorf("the good object is under key %d, want 2", id)
	}
	if !bytes.Equal(rawFile(t, f, bad.Name), raw) {
		t.Error("the damaged object was replaced")
	}
	if left := leftovers(t, f); len(left) != 0 {
		t.Errorf("left over: %v", left)
	}
}

func TestReencryptLeavesOpenReadersWhole(t *testing.T) {
	onEachBackend(t, testReencryptLeavesOpenReadersWhole)
}

func testReencryptLeavesOpenReadersWhole(t *testing.T, f Backend) {
	ctx := context.Background()
	want := bytes.Repeat([]byte("frame "), 3*segmentSize/6)
	st := put(t, New(f, testKeyring(t, 1)), want)
	r, err := New(f, testKeyring(t, 1)).Open(ctx, st.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	head := make([]byte, 100)
	if _, err := io.ReadFull(r, head); err != nil {
		t.Fatal(err)
	}
	if _, err := New(f, testKeyring(t, 1, 2)).Reencrypt(ctx); err != nil {
		t.Fatal(err)
	}
	rest, err := io.ReadAll(r)
	if err != nil || !bytes.Equal(append(head, rest...), want) {
		t.Errorf("a reader opened before re-encryption read %d bytes (%v), want %d", len(head)+len(rest), err, len(want))
	}
}
