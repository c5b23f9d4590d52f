package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"
)

// signUpAdmin sets up the first admin from the link the server printed,
// with two-step sign-in, and leaves the browser signed in.
func signUpAdmin(t *testing.T, ctx context.Context, out string) {
	t.Helper()
	link := regexp.MustCompile(`http://\S+/admin/setup/\S+`).FindString(out)
	if link == "" {
		t.Fatalf("no setup link printed; output:\n%s", out)
	}
	// Browsers keep Secure cookies on plain HTTP only for localhost.
	link = strings.Replace(link, "127.0.0.1", "localhost", 1)
	password := "a long passphrase for the editor"
	timed(t, ctx, "setup", chromedp.Navigate(link), chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Eden Editor"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "eden@example.com"),
		chromedp.SetValue(chromedp.CSS("#f-password"), password),
		chromedp.SetValue(chromedp.CSS("#f-confirm"), password),
		chromedp.Submit(chromedp.CSS("#f-name")),
		chromedp.WaitVisible(chromedp.CSS("img.qr")))
	code, err := totp.GenerateCode(value(t, ctx, chromedp.Text(chromedp.CSS(".secret"))), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "two-factor", chromedp.SendKeys(chromedp.CSS("#f-code"), code), chromedp.Submit(chromedp.CSS("#f-code")),
		chromedp.WaitVisible(chromedp.CSS(".codes")))
}

// statusSays waits for the editor's autosave line to hold text.
func statusSays(text string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](`document.getElementById("autosave-status").textContent.includes(` + jsString(text) + `)`)
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// TestBrowserAutosave edits a live post on a phone: autosave keeps the
// work as pending changes while the site keeps the published post, the
// editor reopens with them and says they are not live, and a tab closed
// before the next autosave loses nothing. A new post becomes a draft at
// its own address once it has a title.
func TestBrowserAutosave(t *testing.T) {
	t.Parallel()
	base, out := startBinaryOutput(t)
	ctx := browser(t)
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	timed(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	signUpAdmin(t, ctx, out.String())

	const post = "/admin/posts/backpacks-and-back-pain"
	typed := " Typed on a phone."
	timed(t, ctx, "type", chromedp.Navigate(base+post), chromedp.WaitVisible(chromedp.CSS("#f-body")),
		chromedp.SendKeys(chromedp.CSS("#f-body"), typed),
		statusSays("not live yet"))
	adminScreenshot(t, ctx, "editor-autosave-phone")
	if page := getBody(t, base+"/blog/backpacks-and-back-pain"); strings.Contains(page, "Typed on a phone") {
		t.Error("autosave changed the published post")
	}

	timed(t, ctx, "reopen", chromedp.Navigate(base+post), chromedp.WaitVisible(chromedp.CSS(".pending-note")))
	adminScreenshot(t, ctx, "editor-pending-phone")
	if body := value(t, ctx, chromedp.Value(chromedp.CSS("#f-body"))); !strings.Contains(body, strings.TrimSpace(typed)) {
		t.Errorf("the reopened editor lost the typed text: %.80q…", body)
	}
	if note := value(t, ctx, chromedp.Text(chromedp.CSS(".pending-note h2"))); !strings.Contains(note, "not live yet") {
		t.Errorf("note %q", note)
	}

	t.Run("a tab closed before the next autosave loses nothing", func(t *testing.T) {
		tab, closeTab := chromedp.NewContext(ctx)
		timed(t, tab, "type in a second tab", chromedp.EmulateViewport(390, 844), chromedp.Navigate(base+post),
			chromedp.WaitVisible(chromedp.CSS("#f-body")), chromedp.SendKeys(chromedp.CSS("#f-body"), " Then the tab closed."))
		closeTab()
		// Polls for the server to have the text, not for time to pass.
		for deadline := time.Now().Add(15 * time.Second); ; {
			timed(t, ctx, "reopen", chromedp.Navigate(base+post), chromedp.WaitVisible(chromedp.CSS("#f-body")))
			if strings.Contains(value(t, ctx, chromedp.Value(chromedp.CSS("#f-body"))), "Then the tab closed.") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("the closed tab's text never reached the server")
			}
		}
	})

	t.Run("a new post becomes a draft at its own address", func(t *testing.T) {
		timed(t, ctx, "new post", chromedp.Navigate(base+"/admin/posts/new"), chromedp.WaitVisible(chromedp.CSS("#f-title")),
			chromedp.SendKeys(chromedp.CSS("#f-title"), "Walking after surgery"),
			statusSays("Saved as a draft"))
		if loc := value(t, ctx, chromedp.Location()); !strings.HasSuffix(loc, "/admin/posts/walking-after-surgery") {
			t.Errorf("the page is at %s", loc)
		}
		timed(t, ctx, "save", chromedp.SendKeys(chromedp.CSS("#f-body"), "Start with short walks."),
			chromedp.Click(chromedp.CSS(`button[value=save]`)), chromedp.WaitVisible(chromedp.CSS(".alert-ok")))
		if loc := value(t, ctx, chromedp.Location()); !strings.Contains(loc, "/admin/posts/walking-after-surgery?done=saved") {
			t.Errorf("after Save draft the page is at %s", loc)
		}
	})
}
