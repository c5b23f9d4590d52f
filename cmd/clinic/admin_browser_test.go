package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/pquerna/otp/totp"

	"clinic/internal/auth"
)

// TestBrowserStaffJourney is a clinic's first day with the back office:
// set up the first admin from the link the server prints, turn on
// two-step sign-in, upload an image, write a post with it, schedule it a
// minute ahead and see that it is not on the site yet, then publish it
// at once and see it on the site and in the feed. (That a scheduled post
// appears when its time comes is TestScheduledPostAppearsOnTime in
// internal/web, on a test clock: this test does not wait for the minute.)
func TestBrowserStaffJourney(t *testing.T) {
	t.Parallel()
	dataDir := filepath.Join(t.TempDir(), "data")
	base, out := startBinaryIn(t, dataDir)
	ctx := browser(t)
	link := regexp.MustCompile(`http://\S+/admin/setup/\S+`).FindString(out.String())
	if link == "" {
		t.Fatalf("no setup link printed; output:\n%s", out.String())
	}
	// Browsers keep Secure cookies on plain HTTP only for localhost.
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	link = strings.Replace(link, "127.0.0.1", "localhost", 1)

	password := "a long passphrase for the clinic 🌲"
	timed(t, ctx, "setup", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.CSS("#f-name")),
		chromedp.SendKeys(chromedp.CSS("#f-name"), "Avery Admin"),
		chromedp.SendKeys(chromedp.CSS("#f-email"), "avery@example.com"),
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
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".codes li").length`)); n != 10 {
		t.Errorf("%d recovery codes shown", n)
	}
	db := openData(t, dataDir) // the server's database, from a second process
	t.Cleanup(func() { db.Close() })
	t.Run("the server hashes passwords at the production cost", func(t *testing.T) {
		u, err := db.UserByEmail(context.Background(), "avery@example.com")
		if err != nil {
			t.Fatal(err)
		}
		c := auth.Production().Cost()
		if want := fmt.Sprintf("$argon2id$v=19$m=%d,t=%d,p=%d$", c.MemoryKiB, c.Passes, c.Lanes); !strings.HasPrefix(u.PasswordHash, want) {
			t.Errorf("stored hash %q, want the prefix %q", u.PasswordHash, want)
		}
	})

	photo := filepath.Join(t.TempDir(), "spine-model.jpg")
	if err := os.WriteFile(photo, testPhoto(t), 0o600); err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "upload", chromedp.Navigate(base+"/admin/media"), chromedp.WaitVisible(chromedp.CSS("#f-file")),
		chromedp.SetUploadFiles(chromedp.CSS("#f-file"), []string{photo}),
		chromedp.SendKeys(chromedp.CSS("#f-alt"), "A model of the lumbar spine"),
		chromedp.Submit(chromedp.CSS("#f-alt")),
		chromedp.WaitVisible(chromedp.CSS(".cards input[readonly]")))
	snippet := value(t, ctx, chromedp.Value(chromedp.CSS(".cards input[readonly]")))

	zone, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	// The form takes whole minutes: the next whole minute at least a
	// minute ahead.
	at := time.Now().Add(time.Minute + 59*time.Second).Truncate(time.Minute).In(zone).Format("2006-01-02T15:04")
	timed(t, ctx, "write", chromedp.Navigate(base+"/admin/posts/new"), chromedp.WaitVisible(chromedp.CSS("#f-title")),
		chromedp.SendKeys(chromedp.CSS("#f-title"), "Our new spine model"),
		chromedp.SetValue(chromedp.CSS("#f-body"), "We have a new teaching model in clinic.\n\n"+snippet),
		chromedp.SendKeys(chromedp.CSS("#f-body"), " "))
	timed(t, ctx, "preview", chromedp.WaitVisible(chromedp.CSS("#preview img")))
	adminScreenshot(t, ctx, "admin-editor")
	timed(t, ctx, "schedule",
		chromedp.SetValue(chromedp.CSS("#f-publish_at"), at),
		chromedp.Click(chromedp.CSS(`button[value=schedule]`)),
		chromedp.WaitVisible(chromedp.CSS(".alert-ok")))
	if st := value(t, ctx, chromedp.Text(chromedp.CSS(".panel .badge"))); st != "scheduled" {
		t.Fatalf("status after scheduling: %q", st)
	}
	if status(t, base+"/blog/our-new-spine-model") != 404 {
		t.Error("the post is public before its time")
	}

	timed(t, ctx, "publish now",
		chromedp.Click(chromedp.CSS(`button[value=publish]`)),
		chromedp.WaitVisible(chromedp.CSS("#live-hint")))
	if st := value(t, ctx, chromedp.Text(chromedp.CSS(".panel .badge"))); st != "published" {
		t.Fatalf("status after publishing: %q", st)
	}
	// Polls for the server to serve the change, not for time to pass.
	deadline := time.Now().Add(10 * time.Second)
	for status(t, base+"/blog/our-new-spine-model") != 200 {
		if time.Now().After(deadline) {
			t.Fatal("the published post is not served 10 s after it was published")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if feed := getBody(t, base+"/blog/feed.atom"); !strings.Contains(feed, "Our new spine model") {
		t.Error("the post is not in the feed")
	}
	timed(t, ctx, "public post", chromedp.Navigate(base+"/blog/our-new-spine-model"), chromedp.WaitVisible(chromedp.CSS("main img[srcset]")))
}

// adminScreenshot saves the page as it is into the test's folder, or into
// docs/screenshots with -update-screenshots.
func adminScreenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := t.TempDir()
	if *updateScreenshots {
		dir = filepath.Join("..", "..", "docs", "screenshots")
	}
	png := value(t, ctx, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

func status(t *testing.T, u string) int {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	return res.StatusCode
}

func testPhoto(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1000, 700))
	for y := range 700 {
		for x := range 1000 {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(y / 3), 150, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
