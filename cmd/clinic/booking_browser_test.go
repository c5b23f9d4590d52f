package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPatientBooks books an appointment in Chromium with script on:
// the clinician list follows the office, the open times come as day tabs,
// the next week loads in place, and the booking is confirmed.
func TestBrowserPatientBooks(t *testing.T) {
	t.Parallel()
	base := startBinary(t)
	ctx := browser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	timed(t, ctx, "booking page", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+"/appointments"),
		chromedp.WaitVisible(css("form.booking-choice")))
	timed(t, ctx, "choose", chromedp.Click(css("#f-type-follow-up")), chromedp.SetValue(css("#f-location"), "seattle"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-location").dispatchEvent(new Event("change"))`))
	shown := value(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#f-doctor option")].filter(o => !o.hidden && o.value).map(o => o.value)`))
	if len(shown) == 0 || len(shown) > 5 {
		t.Errorf("clinicians offered for Seattle: %v", shown)
	}
	timed(t, ctx, "show times", chromedp.Click(css("form.booking-choice button[type=submit]")),
		chromedp.WaitVisible(css(`.slot-tabs button[aria-selected="true"]`)))
	visible := `[...document.querySelectorAll(".slot-day")].filter(d => !d.hidden).length`
	if n := value(t, ctx, chromedp.Evaluate[int](visible)); n != 1 {
		t.Errorf("%d days shown at once, want 1", n)
	}
	timed(t, ctx, "second day", chromedp.Click(css(".slot-tabs button:nth-child(2)")),
		chromedp.WaitVisible(css(`.slot-tabs button:nth-child(2)[aria-selected="true"]`)))
	timed(t, ctx, "next week in place", chromedp.Evaluate[chromedp.Void](`window.stayed = true`),
		chromedp.Click(css(`.pager a[rel="next"]`)), chromedp.WaitVisible(css(`.pager a[rel="prev"]`)))
	if !value(t, ctx, chromedp.Evaluate[bool](`window.stayed === true && location.search.includes("week=")`)) {
		t.Error("the next week reloaded the page or did not update the address")
	}
	timed(t, ctx, "pick a time", chromedp.Click(css(`.slot-day:not([hidden]) a.slot`), chromedp.NodeVisible),
		chromedp.WaitVisible(css("#f-name")))
	timed(t, ctx, "details", chromedp.SetValue(css("#f-name"), "Rosa Díaz"), chromedp.SetValue(css("#f-dob"), "1961-07-04"),
		chromedp.SetValue(css("#f-phone"), "206 555 0142"), chromedp.SetValue(css("#f-email"), "rosa@example.com"),
		chromedp.Submit(css("form.form")), chromedp.WaitVisible(css(".notice")))
	if got := value(t, ctx, chromedp.Text(css(".notice"))); !strings.Contains(got, "booked") {
		t.Errorf("after booking: %q", got)
	}
}
