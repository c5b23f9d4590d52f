package main

import (
	"context"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/pquerna/otp/totp"

	"clinic"
	"clinic/internal/dicom/dicomtest"
	"clinic/internal/mail"
	"clinic/internal/mail/mailtest"
)

// TestBrowserMRIReview walks the free MRI review end to end in Chromium:
// a patient fills in the form and chooses the files of a CD and a larger
// file, the progress bar moves and the upload pauses and resumes
// (photographed), the summary names the
// study and its series; the patient sends it; a provider takes it on,
// scrolls a series in the viewer (photographed) and sends findings; the
// patient opens the emailed link, gives the date of birth and reads them.
func TestBrowserMRIReview(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t)
	dataDir := filepath.Join(t.TempDir(), "data")
	mailTo(t, dataDir, smtp)
	base, out := startBinaryIn(t, dataDir)
	ctx := browser(t)
	base = strings.Replace(base, "127.0.0.1", "localhost", 1) // Secure cookies on plain HTTP: localhost only
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }

	files := cdFiles(t)
	timed(t, ctx, "form", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/mri-review"),
		chromedp.WaitVisible(css("#f-name")),
		chromedp.SendKeys(css("#f-name"), "Alex Testperson"), chromedp.SetValue(css("#f-birth_date"), "1970-01-01"),
		chromedp.SendKeys(css("#f-email"), "alex@example.com"), chromedp.SendKeys(css("#f-phone"), "206 555 0142"),
		chromedp.SendKeys(css("#f-complaint"), "Low back pain into the left leg"), chromedp.SendKeys(css("#f-since"), "March"),
		chromedp.Click(css("#f-consent")), chromedp.Submit(css("#f-name")), chromedp.WaitVisible(css("#mri-files")))
	// Pause as soon as the bar moves, photograph it, and go on.
	timed(t, ctx, "choose files", chromedp.SetUploadFiles(css("#mri-files"), files))
	timed(t, ctx, "progress", chromedp.Poll[chromedp.Void](`document.getElementById("mri-progress").value >= 2`), chromedp.Click(css("#mri-pause")),
		chromedp.Poll[chromedp.Void](`document.getElementById("mri-status").textContent.includes("paused")`))
	mriShot(t, ctx, "mri-upload-progress")
	if got := value(t, ctx, chromedp.Evaluate[float64](`document.getElementById("mri-progress").value`)); got >= 100 {
		t.Errorf("progress %v%% when paused", got)
	}
	timed(t, ctx, "resume", chromedp.Click(css("#mri-pause")))
	timed(t, ctx, "all sent", chromedp.Poll[chromedp.Void](`document.getElementById("mri-status").textContent.startsWith("All ")`))
	timed(t, ctx, "summary", chromedp.Click(css("#mri-next")), chromedp.WaitVisible(css(".mri-study h2")))
	// The page looks again every few seconds while files are being read;
	// sending is possible once every file is read.
	for i := 0; value(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector("form[action='/mri-review/send'] button[disabled]")`)); i++ {
		if i == 100 {
			t.Fatal("the files are still being read")
		}
		timed(t, ctx, "look again", chromedp.Sleep(300*time.Millisecond), chromedp.Navigate(base+"/mri-review/summary"),
			chromedp.WaitVisible(css(".mri-study h2")))
	}
	if got := value(t, ctx, chromedp.Text(css(".mri-study h2"))); got != "MRI lumbar spine, 2 March 2024, 3 series, 15 images" {
		t.Errorf("summary %q", got)
	}
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".mri-series img").length`)); n != 3 {
		t.Errorf("%d series with thumbnails, want 3", n)
	}
	mriShot(t, ctx, "mri-summary")
	timed(t, ctx, "send", chromedp.Click(css(`form[action="/mri-review/send"] button.cta-primary`)), chromedp.WaitVisible(css("main h1")))

	provider(t, ctx, base, dataDir, out)
	timed(t, ctx, "queue", chromedp.Navigate(base+"/admin/reviews"), chromedp.WaitVisible(css("table.list a")),
		chromedp.Click(css("table.list a")), chromedp.WaitVisible(css(`form[action$="/take"] button`)),
		chromedp.Click(css(`form[action$="/take"] button`)), chromedp.WaitVisible(css("#viewer-stage")))
	timed(t, ctx, "first image", chromedp.Poll[chromedp.Void](`document.getElementById("viewer-image").src.startsWith("blob:")`))
	timed(t, ctx, "scroll", chromedp.Focus(css("#viewer-stage")), chromedp.KeyEvent(kb.ArrowDown), chromedp.KeyEvent(kb.ArrowDown))
	if got := value(t, ctx, chromedp.Text(css("#viewer-info"))); !strings.HasPrefix(got, "Image 5 of 5") {
		t.Errorf("after two arrow keys down from the middle: %q", got)
	}
	timed(t, ctx, "drawn", chromedp.Poll[chromedp.Void](`document.getElementById("viewer-image").complete`))
	mriShot(t, ctx, "mri-viewer")
	timed(t, ctx, "findings", chromedp.Click(css(`.meta a[href^="/admin/reviews/"]`)), chromedp.WaitVisible(css("#f-findings")),
		chromedp.SendKeys(css("#f-findings"), "A small disc bulge at L4-5 touching the left L5 nerve root."),
		chromedp.SendKeys(css("#f-recommendation"), "Physical therapy for six weeks, then a consultation if the leg pain stays."),
		chromedp.Click(css(`input[name=offer_booking]`)),
		chromedp.Click(css(`button[value=send]`)), chromedp.WaitVisible(css(".alert-ok")))

	msgs := smtp.Wait(t, 3, 2*time.Minute) // received, the clinic's notice, ready
	link := ""
	for _, m := range msgs {
		if strings.Contains(m.Text, "back pain") || strings.Contains(m.Text, "disc") {
			t.Errorf("an email names a health detail:\n%s", m.Text)
		}
		if l := regexp.MustCompile(`http://\S+/mri-review/findings/\S+`).FindString(m.Text); l != "" {
			link = strings.Replace(l, "127.0.0.1", "localhost", 1)
		}
	}
	if link == "" {
		t.Fatal("no email with a link to the findings")
	}
	timed(t, ctx, "patient reads", chromedp.Navigate(link), chromedp.WaitVisible(css("#f-birth_date")),
		chromedp.SetValue(css("#f-birth_date"), "1970-01-01"), chromedp.Submit(css("#f-birth_date")),
		chromedp.WaitVisible(css(".mri-answer")))
	if got := value(t, ctx, chromedp.Text(css(".mri-answer"))); !strings.Contains(got, "disc bulge at L4-5") || !strings.Contains(got, "Book a consultation") {
		t.Errorf("the answer: %q", got)
	}
	mriShot(t, ctx, "mri-answer")
}

// mailTo makes the data folder's database and points its mail at smtp.
func mailTo(t *testing.T, dir string, smtp *mailtest.Server) {
	t.Helper()
	ctx := context.Background()
	db, err := openStore(ctx, Config{DataDir: dir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SaveMailSettings(ctx, &clinic.MailSettings{Host: smtp.Host(), Port: smtp.Port(), Security: mail.SecurityNone,
		From: "Clinic <noreply@clinic.example>"}); err != nil {
		t.Fatal(err)
	}
}

// cdFiles writes the fixture CD (three series of five images, a
// DICOMDIR, the viewer program) and a 200 MB file of the CD's viewer
// into a folder and returns their paths.
func cdFiles(t *testing.T) []string {
	t.Helper()
	cd, err := dicomtest.StudyCD(3, 5)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cd.Files["VIEWER.DAT"], _ = study(200<<20, 3)
	var paths []string
	for name, b := range cd.Files {
		p := filepath.Join(dir, strings.ReplaceAll(name, "/", "_"))
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	return paths
}

// provider sets up the first admin from the printed link, makes a
// provider with clinic user create, and signs in as the provider with
// two-step sign-in, which patient data needs.
func provider(t *testing.T, ctx context.Context, base, dataDir string, out *lockedBuffer) {
	t.Helper()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	cmd := exec.Command(binary(t), "--data-dir", dataDir, "--base-url", base, "user", "create", "--email", "doc@example.com",
		"--name", "Dr Test Reviewer", "--role", "provider")
	created, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("user create: %v\n%s", err, created)
	}
	link := regexp.MustCompile(`http://\S+/admin/(setup|reset)/\S+`).FindString(string(created))
	if link == "" {
		t.Fatalf("no link in:\n%s", created)
	}
	password := "a long passphrase for the reviewer"
	timed(t, ctx, "provider password", chromedp.Navigate(link), chromedp.WaitVisible(css("#f-password")),
		chromedp.SetValue(css("#f-password"), password), chromedp.SetValue(css("#f-confirm"), password),
		chromedp.Submit(css("#f-password")), chromedp.WaitReady(css("main")))
	timed(t, ctx, "two-factor", chromedp.Navigate(base+"/admin/account/two-factor"), chromedp.WaitVisible(css(".secret")))
	secret := value(t, ctx, chromedp.Text(css(".secret")))
	code, err := totp.GenerateCode(secret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "code", chromedp.SendKeys(css("#f-code"), code), chromedp.Submit(css("#f-code")), chromedp.WaitVisible(css(".codes")))
}

// mriShot photographs the page, into docs/screenshots with
// -update-screenshots.
func mriShot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	adminScreenshot(t, ctx, name)
}

// TestBrowserMRIReviewOnAPhone sends a ZIP of a CD from a phone-sized
// screen: the page fits the screen, the upload finishes and the summary
// names the study.
func TestBrowserMRIReviewOnAPhone(t *testing.T) {
	t.Parallel()
	base := startBinary(t)
	ctx := browser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	cd, err := dicomtest.StudyCD(2, 3)
	if err != nil {
		t.Fatal(err)
	}
	zip := filepath.Join(t.TempDir(), "mri.zip")
	if err := os.WriteFile(zip, dicomtest.Zip(cd.Files), 0o600); err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "form", chromedp.EmulateViewport(390, 800), chromedp.Navigate(base+"/mri-review"),
		chromedp.WaitVisible(css("#f-name")),
		chromedp.SendKeys(css("#f-name"), "Alex Testperson"), chromedp.SetValue(css("#f-birth_date"), "1970-01-01"),
		chromedp.SendKeys(css("#f-email"), "alex@example.com"), chromedp.SendKeys(css("#f-phone"), "206 555 0142"),
		chromedp.SendKeys(css("#f-complaint"), "Neck pain"), chromedp.SendKeys(css("#f-since"), "June"),
		chromedp.Click(css("#f-consent")), chromedp.Submit(css("#f-name")), chromedp.WaitVisible(css(`label[for="mri-files"]`)))
	if !value(t, ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth <= window.innerWidth + 1`)) {
		t.Error("the upload page is wider than the phone's screen")
	}
	timed(t, ctx, "upload", chromedp.SetUploadFiles(css("#mri-files"), []string{zip}),
		chromedp.Poll[chromedp.Void](`document.getElementById("mri-status").textContent.startsWith("The file is sent")`),
		chromedp.Click(css("#mri-next")), chromedp.WaitVisible(css(".mri-study h2")))
	if got := value(t, ctx, chromedp.Text(css(".mri-study h2"))); got != "MRI lumbar spine, 2 March 2024, 2 series, 6 images" {
		t.Errorf("summary %q", got)
	}
	mriShot(t, ctx, "mri-phone-summary")
}
