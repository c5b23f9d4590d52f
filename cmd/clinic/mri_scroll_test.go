package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"clinic/internal/dicom/dicomtest"
)

// TestBrowserViewerScrollRate measures how fast the viewer moves through
// a series of 200 images of 512 × 512 in Chromium once the series is
// fetched: each step shows the next frame and waits for it to be decoded
// and painted. It checks that every frame was shown and reports the
// rate; it asserts no speed.
//
//	go test ./cmd/clinic -run ViewerScrollRate -v
func TestBrowserViewerScrollRate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir() + "/data"
	base, out := startBinaryIn(t, dir)
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	tc := newReview(t, base)
	for n := 1; n <= 200; n++ {
		in := dicomtest.MR(2, n)
		in.Rows, in.Columns, in.Frames = 512, 512, [][]int{dicomtest.Phantom(512, 512, 4000, n)}
		b := in.MustBytes()
		path := tc.create(t, fmt.Sprintf("IM%06d", n), int64(len(b)))
		if _, err := tc.patch(path, 0, int64(len(b)), bytes.NewReader(b)); err != nil {
			t.Fatal(err)
		}
	}
	// The readers take the files in turn; sending succeeds once all are read.
	waitFor(t, "the study to be read and sent", func() bool {
		res, err := tc.do(http.MethodPost, "/mri-review/send", nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		return res.StatusCode == http.StatusSeeOther
	})
	ctx := browser(t)
	provider(t, ctx, base, dir, out)
	timed(t, ctx, "viewer", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/admin/reviews"),
		chromedp.WaitVisible(chromedp.CSS("table.list a")), chromedp.Click(chromedp.CSS("table.list a")),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/take"] button`)), chromedp.Click(chromedp.CSS(`form[action$="/take"] button`)),
		chromedp.WaitVisible(chromedp.CSS("#viewer-stage")),
		chromedp.Poll[chromedp.Void](`window.clinicViewer.count() === 200 && window.clinicViewer.stats.loaded >= 200`))
	ms := value(t, ctx, chromedp.Evaluate[float64](`(async () => {
		const img = document.getElementById("viewer-image"), v = window.clinicViewer;
		const shown = async (d) => {
			const before = v.stats.shown;
			v.step(d);
			while (v.stats.shown === before) await new Promise(r => setTimeout(r, 0));
			await img.decode();
			await new Promise(r => requestAnimationFrame(r));
		};
		await shown(-1000);
		const t0 = performance.now();
		for (let i = 1; i < 200; i++) await shown(1);
		return performance.now() - t0;
	})()`, chromedp.EvalAwaitPromise))
	if shown := value(t, ctx, chromedp.Evaluate[int](`window.clinicViewer.stats.shown`)); shown < 200 {
		t.Errorf("the viewer showed %d frames, want every one of the 200", shown)
	}
	t.Logf("scrolled 199 images of 512 × 512 in %.0f ms: %.0f frames per second", ms, 199/ms*1000)
}
