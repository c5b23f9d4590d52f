package main

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"
)

// signInFirstAdmin sets up the first admin from the link the server
// printed, with two-step sign-in on, and returns the base URL to use.
func signInFirstAdmin(t *testing.T, ctx context.Context, base string, out *lockedBuffer) string {
	t.Helper()
	link := regexp.MustCompile(`http://\S+/admin/setup/\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("no setup link printed; output:\n%s", out.String())
	}
	// Browsers keep Secure cookies on plain HTTP only for localhost.
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	link = strings.Replace(link, "127.0.0.1", "localhost", 1)
	password := "a long passphrase for the front desk"
	timed(t, ctx, "setup", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Fran Desk"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "fran@example.com"),
		chromedp.SetValue(chromedp.CSS("#f-password"), password),
		chromedp.SetValue(chromedp.CSS("#f-confirm"), password),
		chromedp.Submit(chromedp.CSS("#f-name")),
		chromedp.WaitVisible(chromedp.CSS("img.qr")))
	secret := value(t, ctx, chromedp.Text(chromedp.CSS(".secret")))
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "two-factor", chromedp.SendKeys(chromedp.CSS("#f-code"), code), chromedp.Submit(chromedp.CSS("#f-code")),
		chromedp.WaitVisible(chromedp.CSS(".codes")))
	return base
}

// workingDay is a Tuesday at least two days ahead that is no holiday of
// the demo clinic, in its time zone.
func workingDay(t *testing.T) string {
	t.Helper()
	zone, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	d := time.Now().In(zone).AddDate(0, 0, 2)
	for d.Weekday() != time.Tuesday || d.Format("01-02") == "12-24" || d.Format("01-02") == "12-25" || d.Format("01-02") == "07-04" || d.Format("01-02") == "01-01" {
		d = d.AddDate(0, 0, 1)
	}
	return d.Format(time.DateOnly)
}

// TestBrowserCalendarGrid opens the front desk's calendar in Chromium at
// desktop and phone widths (screenshots in the test's folder), reaches a
// free time with the keyboard alone, moves through the grid with the arrow
// keys and opens the booking form there with Enter.
func TestBrowserCalendarGrid(t *testing.T) {
	t.Parallel()
	base, out := startBinaryIn(t, filepath.Join(t.TempDir(), "data"))
	ctx := browser(t)
	base = signInFirstAdmin(t, ctx, base, out)
	shots := t.TempDir()
	shoot := func(name string) {
		t.Helper()
		png := value(t, ctx, chromedp.FullScreenshot(100))
		if err := os.WriteFile(filepath.Join(shots, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	day := workingDay(t)
	page := base + "/admin/calendar?date=" + day + "&location=seattle"
	timed(t, ctx, "calendar", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("table.sched")))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("table.sched td.open").length`)); n == 0 {
		t.Fatal("no working hours shaded")
	}

	t.Run("Tab reaches a free time, the arrow keys move, and Enter opens the booking form there", func(t *testing.T) {
		timed(t, ctx, "focus before the grid", chromedp.Evaluate[chromedp.Void](`document.querySelector(".layouts a").focus()`))
		for i := 0; i < 20 && !value(t, ctx, chromedp.Evaluate[bool](`document.activeElement.matches("table.sched a.free")`)); i++ {
			timed(t, ctx, "tab", chromedp.KeyEvent(kb.Tab))
		}
		first := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href")`))
		if !strings.Contains(first, "start="+day+"T07%3A00") {
			t.Fatalf("Tab reached %q, not the first free time", first)
		}
		if style := value(t, ctx, chromedp.Evaluate[string](`getComputedStyle(document.activeElement).outlineStyle`)); style == "none" {
			t.Error("the focused time has no visible outline")
		}
		timed(t, ctx, "down, right", chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowRight))
		moved := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.getAttribute("href")`))
		if !strings.Contains(moved, "start="+day+"T07%3A30") || strings.Contains(moved, strings.SplitN(strings.SplitN(first, "provider=", 2)[1], "&", 2)[0]) {
			t.Errorf("two down and one right of %q is %q", first, moved)
		}
		timed(t, ctx, "enter", chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(chromedp.CSS("#f-start")))
		if v := value(t, ctx, chromedp.Value(chromedp.CSS("#f-start"))); v != day+"T07:30" {
			t.Errorf("the booking form opened at %q", v)
		}
	})

	t.Run("an extra patient before hours is booked after a warning, and shows in the grid", func(t *testing.T) {
		timed(t, ctx, "details", chromedp.SetValue(chromedp.CSS("#f-name"), "Lee Park"), chromedp.SetValue(chromedp.CSS("#f-dob"), "1980-02-29"),
			chromedp.SetValue(chromedp.CSS("#f-phone"), "206 555 0142"), chromedp.Submit(chromedp.CSS("#f-name")),
			chromedp.WaitVisible(chromedp.CSS("#f-extra")))
		if got := value(t, ctx, chromedp.Text(chromedp.CSS(".confirm-extra p"))); !strings.Contains(got, "7:30 AM on Tuesday") || !strings.Contains(got, "extra patient anyway?") {
			t.Errorf("the warning reads %q", got)
		}
		timed(t, ctx, "book anyway", chromedp.Click(chromedp.CSS("#f-extra")), chromedp.Submit(chromedp.CSS("#f-name")),
			chromedp.WaitVisible(chromedp.CSS(".alert-ok")))
		timed(t, ctx, "calendar again", chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("table.sched a.appt")))
		if got := value(t, ctx, chromedp.Text(chromedp.CSS("table.sched a.appt"))); !strings.Contains(got, "Lee Park") || !strings.Contains(got, "7:30 AM") {
			t.Errorf("the appointment's block reads %q", got)
		}
		shoot("calendar-desktop")
	})

	t.Run("at phone width the grid scrolls sideways under a time column that stays", func(t *testing.T) {
		timed(t, ctx, "phone", chromedp.EmulateViewport(390, 844), chromedp.Navigate(page), chromedp.WaitVisible(chromedp.CSS("table.sched")))
		if !value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth + 1`)) {
			t.Error("the page itself scrolls sideways")
		}
		stuck := value(t, ctx, chromedp.Evaluate[bool](`(() => {
			const wrap = document.querySelector(".sched-wrap"), th = document.querySelector("table.sched tbody th");
			if (wrap.scrollWidth <= wrap.clientWidth) return false;
			wrap.scrollLeft = 300;
			return Math.abs(th.getBoundingClientRect().left - wrap.getBoundingClientRect().left) < 2;
		})()`))
		if !stuck {
			t.Error("the time column does not stay when the grid scrolls")
		}
		shoot("calendar-phone")
	})
	t.Logf("screenshots in %s", shots)
}
