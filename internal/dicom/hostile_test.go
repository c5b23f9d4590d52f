package dicom

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"

	"clinic/internal/dicom/dicomtest"
)

// TestHostileFileFiftyTimesAtOnce sends the 204-byte file declaring
// 0xF0000000 bytes through Ingest 50 times concurrently. Each gets a clear
// refusal, and the 50 together allocate under 16 MiB: the DICOM library
// given the file alone allocates 3.75 GiB for each. Allocation counted
// (TotalAlloc) bounds the heap's peak, which sampling could miss.
func TestHostileFileFiftyTimesAtOnce(t *testing.T) {
	const limit = 16 << 20
	hostile := dicomtest.Hostile()
	if len(hostile) != 204 {
		t.Fatalf("the hostile file is %d bytes, want 204", len(hostile))
	}
	g := NewIngester(Config{Parallel: 4})
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)

	problems := make([][]Problem, 50)
	var wg sync.WaitGroup
	for i := range problems {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := NewCollection()
			if err := g.Ingest(context.Background(), c, File{Name: "IM000001", Data: bytes.NewReader(hostile)}); err != nil {
				t.Error(err)
			}
			problems[i] = c.Problems()
		}()
	}
	wg.Wait()
	runtime.ReadMemStats(&after)

	t.Logf("50 refusals allocated %d bytes in all", after.TotalAlloc-before.TotalAlloc)
	for i, ps := range problems {
		if len(ps) != 1 || ps[0].Kind != ProblemDamaged || !strings.Contains(ps[0].Detail, "declares 4026531840 bytes (0xF0000000), but only 12 remain") {
			t.Errorf("ingest %d: problems %v, want one clear refusal", i, ps)
		}
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > limit {
		t.Errorf("50 refusals allocated %d bytes, over the limit of %d", got, limit)
	}
	if got := int64(after.HeapInuse) - int64(before.HeapInuse); got > limit {
		t.Errorf("the heap grew by %d bytes, over the limit of %d", got, limit)
	}
}

func TestIngestStopsWithItsContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := NewIngester(Config{}).Ingest(ctx, NewCollection(), File{Name: "a", Data: bytes.NewReader(mr(t, dicomtest.ExplicitLE))})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Ingest = %v, want context.Canceled", err)
	}
}
