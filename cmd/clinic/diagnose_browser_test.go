package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// answersInBrowser are the answers the browser test gives, by question:
// a 45-year-old with low back pain that spreads below the knee, no red
// flag. Questions not listed get "no".
var answersInBrowser = map[string]string{
	"age": "40-49", "spreads": "yes", "since": "6-12-weeks", "pain_now": "6", "pain_average": "5",
	"better": "lying_down", "worse": "sitting", "tried": "exercise", "health": "none",
}

// a11yCheck finds, on the screen shown, inputs without a label, choices
// outside a fieldset with a legend, positive tab indexes, and a focus that
// is not on the question's heading.
const a11yCheck = `(() => {
  const out = [];
  const main = document.querySelector("main");
  main.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(el => {
    if (!el.labels || el.labels.length === 0 || !el.labels[0].textContent.trim()) out.push("no label: " + (el.id || el.name));
    if ((el.type === "radio" || el.type === "checkbox") && el.closest("form[action='/diagnose']")) {
      const fs = el.closest("fieldset");
      if (!fs || !fs.querySelector("legend") || !fs.querySelector("legend").textContent.trim()) out.push("no fieldset and legend: " + el.id);
    }
  });
  document.querySelectorAll("[tabindex]").forEach(el => { if (el.tabIndex > 0) out.push("positive tabindex: " + el.outerHTML.slice(0, 60)); });
  main.querySelectorAll("svg [role=checkbox]").forEach(el => { if (!el.getAttribute("aria-label")) out.push("an outline region without a name"); });
  if (document.activeElement !== document.querySelector("[data-focus]")) out.push("focus is on " + document.activeElement.tagName + ", not the heading");
  return out;
})()`

// focusOrder presses Tab from the heading and lists what takes the focus,
// and lists the focusable elements of the form in document order.
const tabStops = `[...document.querySelectorAll("main form[action='/diagnose'] input:not([type=hidden]), main form[action='/diagnose'] button, main form[action='/diagnose'] [tabindex='0']")].filter(el => !el.closest("[hidden]")).map(el => el.id || el.getAttribute("data-value") || el.value)`

// TestBrowserDiagnoseToBooking answers the symptom check in Chromium at
// phone width, one screen at a time, checks each screen's accessibility
// (labels, fieldsets and legends, the focus on the question, the order of
// the Tab key), uses the body outline, reads the result and books from it
// with the answers shared. Screenshots go to the test's temporary folder.
func TestBrowserDiagnoseToBooking(t *testing.T) {
	t.Parallel()
	base := startBinary(t)
	ctx := browser(t)
	shots := filepath.Join(t.TempDir(), "screenshots")
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	shot := func(name string) {
		png := value(t, ctx, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	timed(t, ctx, "phone width", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	nextScreen(t, ctx, "first screen", chromedp.Navigate(base+"/diagnose"))
	shot("01-first-question")
	for step := 0; ; step++ {
		if step > 40 {
			t.Fatal("no result after 40 screens")
		}
		if value(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector("form[action='/diagnose/book']")`)) {
			break
		}
		answerScreen(t, ctx, step, shot)
	}
	shot("50-result")
	t.Run("the result has the urgency, the treatments and the disclaimer", func(t *testing.T) {
		text := value(t, ctx, chromedp.Text(chromedp.CSS("main")))
		for _, want := range []string{"Nothing in your answers needs urgent care", "not a diagnosis", "Treatments commonly considered"} {
			if !strings.Contains(text, want) {
				t.Errorf("the result does not say %q", want)
			}
		}
	})
	timed(t, ctx, "book with the answers", chromedp.Click(chromedp.CSS("#f-attach")),
		chromedp.Click(chromedp.CSS(`form[action="/diagnose/book"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS("form.booking-choice")))
	shot("60-booking")
	timed(t, ctx, "choose", chromedp.Click(chromedp.CSS("#f-type-new-consultation")), chromedp.SetValue(chromedp.CSS("#f-location"), "seattle"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector("#f-location").dispatchEvent(new Event("change"))`))
	timed(t, ctx, "show times", chromedp.Click(chromedp.CSS("form.booking-choice button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS(`.slot-day:not([hidden]) a.slot`)))
	timed(t, ctx, "pick a time", chromedp.Click(chromedp.CSS(`.slot-day:not([hidden]) a.slot`), chromedp.NodeVisible),
		chromedp.WaitVisible(chromedp.CSS("#f-name")))
	timed(t, ctx, "details", chromedp.SetValue(chromedp.CSS("#f-name"), "Ann Example"), chromedp.SetValue(chromedp.CSS("#f-dob"), "1981-03-04"),
		chromedp.SetValue(chromedp.CSS("#f-phone"), "206 555 0143"), chromedp.SetValue(chromedp.CSS("#f-email"), "ann@example.com"),
		chromedp.Submit(chromedp.CSS("form.form")), chromedp.WaitVisible(chromedp.CSS(".notice")))
	shot("70-booked")
	if got := value(t, ctx, chromedp.Text(chromedp.CSS(".notice"))); !strings.Contains(got, "booked") {
		t.Errorf("after booking: %q", got)
	}
	t.Run("an emergency answer stops at 911, the first thing to press", func(t *testing.T) {
		timed(t, ctx, "restart", chromedp.Navigate(base+"/diagnose"), chromedp.WaitVisible(chromedp.CSS("#question")),
			chromedp.Click(chromedp.CSS(`input[value="yes"] + label`)))
		nextScreen(t, ctx, "yes", chromedp.Click(chromedp.CSS(`button[value="next"]`)))
		shot("80-emergency")
		timed(t, ctx, "tab", chromedp.KeyEvent("\t"))
		if got := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href")`)); got != "tel:911" {
			t.Errorf("the first Tab on the emergency stop reaches %q, want tel:911", got)
		}
	})
	t.Run("the outcomes page shows the synthetic cohort's charts, within a phone's width", func(t *testing.T) {
		waitForFigures(t, ctx, base)
		shot("90-outcomes")
		if !value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth`)) {
			t.Error("the outcomes page is wider than the phone")
		}
		if !strings.Contains(value(t, ctx, chromedp.Text(chromedp.CSS(".synthetic-notice"))), "Synthetic data") {
			t.Error("the figures are not labelled synthetic")
		}
	})
	t.Logf("screenshots in %s", shots)
}

// waitForFigures opens /outcomes until the synthetic cohort, which a new
// demo server computes in the background after it starts, shows there.
func waitForFigures(t *testing.T, ctx context.Context, base string) {
	t.Helper()
	deadline := time.Now().Add(stepLimit)
	for time.Now().Before(deadline) {
		timed(t, ctx, "outcomes", chromedp.Navigate(base+"/outcomes"), chromedp.WaitVisible(chromedp.CSS("footer")))
		if value(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector("figure.outcome svg")`)) {
			return
		}
		time.Sleep(200 * time.Millisecond) // the cohort is on its way: look again
	}
	t.Fatalf("no outcome figures within %v", stepLimit)
}

// answerScreen checks the screen on show and answers it.
func answerScreen(t *testing.T, ctx context.Context, step int, shot func(string)) {
	t.Helper()
	id := value(t, ctx, chromedp.Evaluate[string](`document.querySelector("input[name=step]").value`))
	if problems := value(t, ctx, chromedp.Evaluate[[]string](a11yCheck)); len(problems) > 0 {
		t.Errorf("screen %s: %v", id, problems)
	}
	stops := value(t, ctx, chromedp.Evaluate[[]string](tabStops))
	timed(t, ctx, "tab from the heading", chromedp.KeyEvent("\t"))
	first := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.id || document.activeElement.getAttribute("data-value") || document.activeElement.value`))
	if len(stops) == 0 || first != stops[0] {
		t.Errorf("screen %s: Tab from the heading reaches %q, want the first answer %v", id, first, stops)
	}
	if id == "where" {
		answerOnTheOutline(t, ctx)
		shot("20-body-outline")
	} else {
		v, ok := answersInBrowser[id]
		if !ok {
			v = "no"
		}
		timed(t, ctx, "answer "+id, chromedp.Click(chromedp.CSS(`fieldset input[value="`+v+`"] + label`)))
	}
	if step == 1 {
		shot("02-second-question")
	}
	nextScreen(t, ctx, "next after "+id, chromedp.Click(chromedp.CSS(`button[value="next"]`)))
}

// nextScreen does what leads to another page and waits until that page
// has loaded and run its script: the old page's mark is gone and the
// focus is on the new question's heading.
func nextScreen(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	steps = append([]chromedp.Action[chromedp.Void]{chromedp.Evaluate[chromedp.Void](`window.leaving = true`)}, steps...)
	timed(t, ctx, what, steps...)
	const loaded = `!window.leaving && document.readyState === "complete" && document.activeElement === document.querySelector("[data-focus]")`
	deadline := time.Now().Add(stepLimit)
	for time.Now().Before(deadline) {
		c, cancel := context.WithTimeout(ctx, stepLimit)
		ok, err := chromedp.Run(c, chromedp.Evaluate[bool](loaded))
		cancel()
		if err == nil && ok {
			return
		}
		time.Sleep(20 * time.Millisecond) // the page is on its way: look again
	}
	t.Fatalf("%s: the next page did not load within %v", what, stepLimit)
}

// answerOnTheOutline chooses the middle and the lower back on the body
// outline, by a tap and by keyboard, and checks that the list follows.
func answerOnTheOutline(t *testing.T, ctx context.Context) {
	t.Helper()
	timed(t, ctx, "outline by keyboard", chromedp.Focus(chromedp.CSS(`.region[data-value="low_back"]`)), chromedp.KeyEvent(" "),
		chromedp.Click(chromedp.CSS(`.region[data-value="mid_back"] path`)))
	got := value(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll("input[name=where]:checked")].map(i => i.value)`))
	if strings.Join(got, ",") != "mid_back,low_back" {
		t.Errorf("the outline chose %v, want the middle and the lower back", got)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.region[aria-checked="true"]').length`)); n != 2 {
		t.Errorf("%d regions marked chosen, want 2", n)
	}
}
