package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// phoneShot saves the viewport as the phone shows it into dir.
func phoneShot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	png := value(t, ctx, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBrowserPatientIsNotMisled walks a patient on a phone through what
// used to mislead: the open times open in view, going back after booking
// shows the booking (not "taken"), and cancelling asks first.
func TestBrowserPatientIsNotMisled(t *testing.T) {
	t.Parallel()
	base := startBinary(t)
	ctx := browser(t)
	shots := t.TempDir()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	// Reduced motion: the page scrolls at once instead of smoothly, so
	// that where it lands can be read.
	reduced := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, reduced); err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "booking page", chromedp.EmulateViewport(390, 560), chromedp.Navigate(base+"/appointments"),
		chromedp.WaitVisible(css("form.booking-choice")))
	timed(t, ctx, "show times", chromedp.Click(css("#f-type-follow-up")), chromedp.SetValue(css("#f-location"), "seattle"),
		chromedp.Click(css("form.booking-choice button[type=submit]")), chromedp.WaitVisible(css("#times .slot")))
	// Measured once the page has loaded: the browser goes to #times then.
	top := value(t, ctx, chromedp.Evaluate[float64](`new Promise(ok => {
		const at = () => requestAnimationFrame(() => ok(document.querySelector("#times").getBoundingClientRect().top));
		document.readyState === "complete" ? at() : addEventListener("load", at);
	})`, chromedp.EvalAwaitPromise))
	if top < -5 || top > 120 {
		t.Errorf("the open times are %.0f px from the top of the phone's screen, want them in view at the top", top)
	}
	phoneShot(t, ctx, shots, "times-in-view")
	timed(t, ctx, "pick a time", chromedp.Click(css(`.slot-day:not([hidden]) a.slot`), chromedp.NodeVisible),
		chromedp.WaitVisible(css("#f-name")))
	if label := value(t, ctx, chromedp.Text(css(`label[for="f-dob"]`))); label != "Date of birth" {
		t.Errorf("date of birth label %q", label)
	}
	timed(t, ctx, "book", chromedp.SetValue(css("#f-name"), "Rosa Díaz"), chromedp.SetValue(css("#f-dob"), "1961-07-04"),
		chromedp.SetValue(css("#f-phone"), "206 555 0142"), chromedp.SetValue(css("#f-email"), "rosa.back@example.com"),
		chromedp.Submit(css(`form[action="/appointments/details"]`)), chromedp.WaitVisible(css(".notice")))
	timed(t, ctx, "back", chromedp.NavigateBack(), chromedp.WaitVisible(css("main h1")))
	page := value(t, ctx, chromedp.Text(css("main")))
	if !strings.Contains(page, "You have booked this time") || strings.Contains(page, "just taken") {
		t.Errorf("after Back: %q", page)
	}
	phoneShot(t, ctx, shots, "back-after-booking")
	timed(t, ctx, "cancel asks first", chromedp.Click(css(`a[href$="/cancel"]`), chromedp.NodeVisible),
		chromedp.WaitVisible(css("#f-reason")))
	if h := value(t, ctx, chromedp.Text(css("h1"))); h != "Cancel your appointment?" {
		t.Errorf("the cancel page: %q", h)
	}
	phoneShot(t, ctx, shots, "cancel-asks-first")
	timed(t, ctx, "cancel", chromedp.SetValue(css("#f-reason"), "I feel better."),
		chromedp.Click(css(`form[action$="/cancel"] button[type=submit]`)), chromedp.WaitVisible(css(".notice")))
	if got := value(t, ctx, chromedp.Text(css(".notice"))); !strings.Contains(got, "cancelled") {
		t.Errorf("after cancelling: %q", got)
	}
	t.Logf("screenshots in %s", shots)
}
