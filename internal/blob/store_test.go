package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"slices"
	"sync"
	"testing"

	"clinic"

	"github.com/google/go-cmp/cmp"
)

// Plaintext bytes in the first segment and in each later one.
const (
	firstPlain = segmentSize - tagLen - headerLen - tinkHeaderLen
	nextPlain  = segmentSize - tagLen
)

// onePart is the size of an original whose stored object is exactly one
// part of the test buckets: the most that goes in a single PUT.
var onePart, _ = plainSize(MinPartSize)

func TestRoundTrip(t *testing.T) {
	onEachBackend(t, testRoundTrip)
}

func testRoundTrip(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	sizes := []struct {
		name string
		size int64
	}{
		{"an empty file", 0},
		{"one byte", 1},
		{"one byte short of the first segment", firstPlain - 1},
		{"exactly the first segment", firstPlain},
		{"one byte into the second segment", firstPlain + 1},
		{"exactly two segments", firstPlain + nextPlain},
		{"one byte into the third segment", firstPlain + nextPlain + 1},
		{"several megabytes", 3<<20 + 7},
		{"exactly one part of an upload", onePart},
		{"one byte more than a part", onePart + 1},
		{"twelve megabytes, three parts", 12 << 20},
	}
	for _, tc := range sizes {
		t.Run(tc.name+" comes back as it went in", func(t *testing.T) {
			want, _ := sumOf(t, stream(tc.size, uint64(tc.size)))
			st, err := s.Put(context.Background(), stream(tc.size, uint64(tc.size)))
			if err != nil {
				t.Fatal(err)
			}
			if st.Size != tc.size || st.SHA256 != want || !validName(st.Name) {
				t.Errorf("Put = %d bytes, %x, name %q; want %d bytes, %x", st.Size, st.SHA256, st.Name, tc.size, want)
			}
			info, err := s.Stat(context.Background(), st.Name)
			if err != nil || info.Size != tc.size {
				t.Errorf("Stat = %+v, %v; want size %d", info, err, tc.size)
			}
			r, err := s.Open(context.Background(), st.Name)
			if err != nil {
				t.Fatal(err)
			}
			defer r.Close()
			got, n := sumOf(t, r)
			if n != tc.size || got != want {
				t.Errorf("read back %d bytes, %x; want %d bytes, %x", n, got, tc.size, want)
			}
		})
	}
}

func TestStoredFileHoldsNoPlaintext(t *testing.T) {
	onEachBackend(t, testStoredFileHoldsNoPlaintext)
}

func testStoredFileHoldsNoPlaintext(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	plain := bytes.Repeat([]byte("DICM Doe^Jane 1961-04-12 "), 4000)
	st := put(t, s, plain)
	raw := rawFile(t, b, st.Name)
	if bytes.Contains(raw, []byte("Doe^Jane")) {
		t.Error("the stored file holds the original's text")
	}
	if len(raw) <= len(plain) {
		t.Errorf("stored %d bytes for an original of %d", len(raw), len(plain))
	}
}

func TestNamesAreServerMade(t *testing.T) {
	s, _ := newTestStore(t)
	seen := map[string]bool{}
	for range 50 {
		st := put(t, s, []byte("same content"))
		if !validName(st.Name) || seen[st.Name] {
			t.Fatalf("name %q is not a fresh server-made name", st.Name)
		}
		seen[st.Name] = true
	}
}

func TestMissingIsNotFound(t *testing.T) {
	onEachBackend(t, testMissingIsNotFound)
}

func testMissingIsNotFound(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	st := put(t, s, []byte("x"))
	if err := s.Delete(context.Background(), st.Name); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{st.Name, "../../etc/passwd", "", "0123456789ABCDEF0123456789ABCDEF", "tmp"} {
		t.Run("open, stat and delete of "+name+" say not found", func(t *testing.T) {
			_, errOpen := s.Open(context.Background(), name)
			_, errStat := s.Stat(context.Background(), name)
			errDelete := s.Delete(context.Background(), name)
			for _, err := range []error{errOpen, errStat, errDelete} {
				if clinic.ErrorKind(err) != clinic.ENotFound {
					t.Errorf("error %v is of kind %s, want %s", err, clinic.ErrorKind(err), clinic.ENotFound)
				}
			}
		})
	}
}

func TestWalkListsEveryObject(t *testing.T) {
	onEachBackend(t, testWalkListsEveryObject)
}

func testWalkListsEveryObject(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	var want []string
	for i := range 20 {
		want = append(want, put(t, s, bytes.Repeat([]byte{byte(i)}, i*100)).Name)
	}
	got := names(t, s)
	slices.Sort(want)
	slices.Sort(got)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("walk (-want +got):\n%s", diff)
	}
}

func TestConcurrentPuts(t *testing.T) {
	onEachBackend(t, testConcurrentPuts)
}

func testConcurrentPuts(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	const workers, each = 8, 4
	var wg sync.WaitGroup
	results := make(chan Stored, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				size := int64(w*each+i) * 9973
				st, err := s.Put(context.Background(), stream(size, uint64(size)))
				if err != nil {
					t.Error(err)
					return
				}
				results <- st
			}
		})
	}
	wg.Wait()
	close(results)
	count := 0
	for st := range results {
		count++
		want, _ := sumOf(t, stream(st.Size, uint64(st.Size)))
		got, err := readBack(s, st.Name)
		if err != nil || sha256.Sum256(got) != want || st.SHA256 != want {
			t.Errorf("object %s of %d bytes does not read back (err %v)", st.Name, st.Size, err)
		}
	}
	if count != workers*each || len(names(t, s)) != workers*each {
		t.Errorf("stored %d objects, listed %d; want %d", count, len(names(t, s)), workers*each)
	}
}

// failingReader gives n bytes, then fails.
type failingReader struct{ n int }

var errClientGone = errors.New("the client went away")

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n == 0 {
		return 0, errClientGone
	}
	n := min(len(p), f.n)
	clear(p[:n])
	f.n -= n
	return n, nil
}

func TestFailedPutLeavesNothing(t *testing.T) {
	onEachBackend(t, testFailedPutLeavesNothing)
}

func testFailedPutLeavesNothing(t *testing.T, b Backend) {
	s := newStoreOn(t, b)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name string
		ctx  context.Context
		r    io.Reader
		want error
	}{
		{"an upload cut off midway", context.Background(), &failingReader{n: 300 << 10}, errClientGone},
		{"an upload cut off after two parts", context.Background(), &failingReader{n: 2*MinPartSize + 300<<10}, errClientGone},
		{"a request cancelled", ctx, bytes.NewReader(make([]byte, 1000)), context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name+" stores nothing", func(t *testing.T) {
			_, err := s.Put(tc.ctx, tc.r)
			if !errors.Is(err, tc.want) {
				t.Errorf("Put error = %v, want %v", err, tc.want)
			}
			if got := names(t, s); len(got) != 0 {
				t.Errorf("objects after a failed Put: %v", got)
			}
			if left := leftovers(t, b); len(left) != 0 {
				t.Errorf("left after a failed Put: %v", left)
			}
		})
	}
}
