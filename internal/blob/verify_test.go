package blob

import (
	"context"
	"crypto/sha256"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"clinic"

	"github.com/google/go-cmp/cmp"
)

func TestVerify(t *testing.T) {
	onEachBackend(t, testVerify)
}

func testVerify(t *testing.T, f Backend) {
	ctx := context.Background()
	s := newStoreOn(t, f)
	want := map[string][sha256.Size]byte{}
	for i := range 4 {
		st := put(t, s, []byte(strings.Repeat("series ", i*1000)))
		want[st.Name] = st.SHA256
	}
	rep, err := s.Verify(ctx, want)
	if err != nil || rep.Checked != 4 || len(rep.Problems) != 0 {
		t.Fatalf("Verify of an intact store = %+v, %v", rep, err)
	}

	names := slices.Sorted(maps.Keys(want))
	damaged, misrecorded, deleted := names[1], names[2], names[3]
	raw := rawFile(t, f, damaged)
	raw[len(raw)/2] ^= 1
	writeRaw(t, f, damaged, raw)
	want[misrecorded] = sha256.Sum256([]byte("something else"))
	if err := s.Delete(ctx, deleted); err != nil {
		t.Fatal(err)
	}
	unrecorded := put(t, s, []byte("a stray upload")).Name

	rep, err = s.Verify(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, p := range rep.Problems {
		got[p.Name] = problemKind(p.Err)
	}
	wantProblems := map[string]string{damaged: "integrity", misrecorded: "mismatch", deleted: "missing", unrecorded: "unrecorded"}
	if diff := cmp.Diff(wantProblems, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	if rep.Checked != 3 {
		t.Errorf("checked %d objects whole, want 3 (the intact, the misrecorded and the unrecorded one)", rep.Checked)
	}
}

func TestVerifyWithoutRecordsChecksReadability(t *testing.T) {
	onEachBackend(t, testVerifyWithoutRecordsChecksReadability)
}

func testVerifyWithoutRecordsChecksReadability(t *testing.T, f Backend) {
	s := newStoreOn(t, f)
	put(t, s, []byte("fine"))
	bad := put(t, s, []byte("will be cut"))
	writeRaw(t, f, bad.Name, rawFile(t, f, bad.Name)[:headerLen+tinkHeaderLen+3])
	rep, err := s.Verify(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Checked != 1 || len(rep.Problems) != 1 || rep.Problems[0].Name != bad.Name || !errors.Is(rep.Problems[0].Err, ErrIntegrity) {
		t.Errorf("Verify = %+v; want one checked and the cut one reported", rep)
	}
}

// problemKind names the kind of a Verify problem.
func problemKind(err error) string {
	switch {
	case errors.Is(err, ErrIntegrity):
		return "integrity"
	case errors.Is(err, ErrMismatch):
		return "mismatch"
	case errors.Is(err, ErrUnrecorded):
		return "unrecorded"
	case clinic.ErrorKind(err) == clinic.ENotFound:
		return "missing"
	}
	return err.Error()
}
