package blob

import (
	"context"
	"io"
	"runtime"
	"testing"
)

// heapWatch reads through r and records the largest live heap seen, every
// step bytes.
type heapWatch struct {
	r    io.Reader
	step int64
	next int64
	read int64
	peak uint64
}

func (h *heapWatch) Read(p []byte) (int, error) {
	n, err := h.r.Read(p)
	h.read += int64(n)
	if h.read >= h.next {
		h.next += h.step
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		h.peak = max(h.peak, m.HeapAlloc)
	}
	return n, err
}

// heapNow returns the live heap after a collection.
func heapNow() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

func TestLargeStreamHasFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads hundreds of MiB")
	}
	// The bound is far below the size: the file is never held. A writer
	// to S3 holds two parts besides.
	t.Run("in a folder", func(t *testing.T) { testLargeStream(t, newTestFolder(t), 320<<20, 16<<20) })
	t.Run("in an S3 bucket", func(t *testing.T) { testLargeStream(t, newTestS3(t), 160<<20, 16<<20+2*MinPartSize) })
}

func testLargeStream(t *testing.T, b Backend, size int64, bound uint64) {
	s := newStoreOn(t, b)
	want, _ := sumOf(t, stream(size, 42))

	base := heapNow()
	in := &heapWatch{r: stream(size, 42), step: 16 << 20}
	st, err := s.Put(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != size || st.SHA256 != want {
		t.Fatalf("Put = %d bytes, %x; want %d, %x", st.Size, st.SHA256, size, want)
	}
	r, err := s.Open(context.Background(), st.Name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	out := &heapWatch{r: r, step: 16 << 20}
	if got, n := sumOf(t, out); got != want || n != size {
		t.Fatalf("read back %d bytes, %x; want %d, %x", n, got, size, want)
	}
	t.Logf("live heap above the start: %d KiB writing, %d KiB reading", (in.peak-min(in.peak, base))>>10, (out.peak-min(out.peak, base))>>10)
	for _, peak := range []uint64{in.peak, out.peak} {
		if peak > base+bound {
			t.Errorf("heap reached %d MiB above the start while streaming %d MiB; want under %d MiB", (peak-base)>>20, size>>20, bound>>20)
		}
	}
}
