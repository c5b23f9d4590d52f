package blob

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"testing"
)

// benchSize is the size of the stream each benchmark moves per operation.
const benchSize = 256 << 20

// repeatReader gives n bytes by repeating one random block, so that
// making the input costs next to nothing.
type repeatReader struct {
	block []byte
	n     int64
	off   int
}

// benchBlock is the block every repeatReader repeats.
var benchBlock = func() []byte {
	block := make([]byte, 1<<20)
	rand.NewChaCha8([32]byte{7}).Read(block)
	return block
}()

func newRepeatReader(n int64) *repeatReader {
	return &repeatReader{block: benchBlock, n: n}
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(int64(len(p)), r.n)], r.block[r.off:])
	r.off = (r.off + n) % len(r.block)
	r.n -= int64(n)
	return n, nil
}

// reportHeap reports the largest live heap seen above base, in KiB.
func reportHeap(b *testing.B, base uint64, w *heapWatch) {
	b.ReportMetric(float64(w.peak-min(w.peak, base))/1024, "peak-heap-KiB")
}

// benchBackends are the backends the Put and Open benchmarks run on: the
// folder, and a bucket of the test server on loopback with the default
// part size.
var benchBackends = []struct {
	name string
	open func(b *testing.B) Backend
}{
	{"folder", func(b *testing.B) Backend { return newTestFolder(b) }},
	{"s3", func(b *testing.B) Backend { s, _ := newTestS3Bucket(b, DefaultPartSize); return s }},
}

// BenchmarkPut stores a 256 MiB stream: SHA-256, encryption, and writing
// to disk with the final fsync, or sending to the object store.
func BenchmarkPut(b *testing.B) {
	for _, bk := range benchBackends {
		b.Run(bk.name, func(b *testing.B) { benchmarkPut(b, newStoreOn(b, bk.open(b))) })
	}
}

func benchmarkPut(b *testing.B, s *Store) {
	b.SetBytes(benchSize)
	b.ReportAllocs()
	base := heapNow()
	w := &heapWatch{step: 16 << 20}
	for b.Loop() {
		w.r, w.read, w.next = newRepeatReader(benchSize), 0, 0
		st, err := s.Put(context.Background(), w)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		s.Delete(context.Background(), st.Name)
		b.StartTimer()
	}
	reportHeap(b, base, w)
}

// BenchmarkOpen reads a stored 256 MiB object back whole.
func BenchmarkOpen(b *testing.B) {
	for _, bk := range benchBackends {
		b.Run(bk.name, func(b *testing.B) { benchmarkOpen(b, newStoreOn(b, bk.open(b))) })
	}
}

func benchmarkOpen(b *testing.B, s *Store) {
	st, err := s.Put(context.Background(), newRepeatReader(benchSize))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(benchSize)
	b.ReportAllocs()
	base := heapNow()
	w := &heapWatch{step: 16 << 20}
	for b.Loop() {
		r, err := s.Open(context.Background(), st.Name)
		if err != nil {
			b.Fatal(err)
		}
		w.r, w.read, w.next = r, 0, 0
		if n, err := io.Copy(io.Discard, w); err != nil || n != benchSize {
			b.Fatal(n, err)
		}
		r.Close()
	}
	reportHeap(b, base, w)
}

// BenchmarkEncrypt is the streaming AEAD alone, into io.Discard.
func BenchmarkEncrypt(b *testing.B) {
	k := testKeyring(b, 1)
	b.SetBytes(benchSize)
	b.ReportAllocs()
	for b.Loop() {
		w, err := k.encrypt(io.Discard, fuzzName)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(w, newRepeatReader(benchSize)); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}

// BenchmarkDecrypt is the streaming AEAD alone, from memory.
func BenchmarkDecrypt(b *testing.B) {
	k := testKeyring(b, 1)
	var buf bytes.Buffer
	w, _ := k.encrypt(&buf, fuzzName)
	io.Copy(w, newRepeatReader(64<<20))
	w.Close()
	b.SetBytes(64 << 20)
	b.ReportAllocs()
	for b.Loop() {
		r, _, err := k.decrypt(bytes.NewReader(buf.Bytes()), fuzzName)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := io.Copy(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
