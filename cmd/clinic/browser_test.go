package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write the README's screenshots into docs/screenshots")

const chromium = "/usr/bin/chromium"

// built is the path of this command built once for the test run.
var built struct {
	once sync.Once
	path string
	err  error
}

// binary builds this command once per test run and returns its path. The
// build is the real command, without the race detector, so that servers
// under load answer at their real speed. It links in seconds where the
// packages are already compiled, as they are after go vet in CI.
func binary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "clinic-test-")
		if err != nil {
			built.err = err
			return
		}
		built.path = filepath.Join(dir, "clinic")
		if out, err := exec.Command("go", "build", "-o", built.path, ".").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatal(built.err)
	}
	return built.path
}

// startBinary starts this command on a free loopback port with a fresh
// data folder and returns its base URL once it answers /readyz.
func startBinary(t *testing.T, env ...string) string {
	t.Helper()
	base, _ := startBinaryOutput(t, env...)
	return base
}

// startBinaryOutput is startBinary that also returns what the server
// prints on its standard output.
func startBinaryOutput(t *testing.T, env ...string) (string, *lockedBuffer) {
	t.Helper()
	return startBinaryIn(t, filepath.Join(t.TempDir(), "data"), env...)
}

// startBinaryIn is startBinaryOutput with the data folder given. When the
// test ends the server is stopped, and it must exit cleanly.
func startBinaryIn(t *testing.T, dataDir string, env ...string) (string, *lockedBuffer) {
	t.Helper()
	out := &lockedBuffer{}
	bin := binary(t)
	addr := freeAddr(t)
	cmd := exec.Command(bin, "--addr", addr, "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = &testLog{t: t}
	cmd.Stdout = out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("the server did not exit cleanly: %v", err)
		}
	})
	base := "http://" + addr
	for deadline := time.Now().Add(readyLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, out
			}
		}
	}
	t.Fatalf("the server did not become ready within %v", readyLimit)
	return "", nil
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// testLog sends the server's log lines to the test's log.
type testLog struct{ t *testing.T }

func (l *testLog) Write(b []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(b)))
	return len(b), nil
}

// browsers lets one Chromium run at a time. The browser tests run in
// parallel with the others, but two browsers at once on a small machine
// slow each other's steps towards their time limits.
var browsers = make(chan struct{}, 1)

// browser starts headless Chromium, or skips the test where there is none
// and CI is not set.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromium); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI is set but %s is missing: %v", chromium, err)
		}
		t.Skipf("no Chromium at %s; install the chromium package to run browser tests", chromium)
	}
	browsers <- struct{}{}
	t.Cleanup(func() { <-browsers })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		// A window as large as any viewport the tests emulate: headless
		// Chromium's own is 800×600, and a click below its edge in a taller
		// emulated phone screen is lost.
		chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("hide-scrollbars", true),
	}
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	// Without motion: the site scrolls smoothly otherwise, and a click
	// aimed while a scroll into view is still moving the page lands
	// beside its element on a busy machine.
	reduce := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}}}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, reduce); err != nil {
		t.Fatalf("reduced motion: %v", err)
	}
	return ctx
}

// readyLimit bounds how long a server started by a test may take to
// answer /readyz. It polls for the server to start, which on a busy
// machine can take several seconds.
const readyLimit = time.Minute

// stepLimit bounds one browser step. A step takes well under a second on
// a quiet machine; the limit only ends a step that hangs, and leaves room
// for a machine busy with other tests.
const stepLimit = time.Minute

// timed runs steps with a time limit, on a context that has run once.
func timed(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, stepLimit)
	defer cancel()
	if err := chromedp.Do(c, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func value[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, stepLimit)
	defer cancel()
	v, err := chromedp.Run(c, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestBrowserVisitorJourney(t *testing.T) {
	t.Parallel()
	base := startBinary(t)
	ctx := browser(t)
	timed(t, ctx, "home", chromedp.EmulateViewport(1280, 900), chromedp.Navigate(base+"/"), chromedp.WaitVisible(".hero h1"))
	if title := value(t, ctx, chromedp.Title()); !strings.Contains(title, "Evergreen Spine") {
		t.Errorf("home title %q", title)
	}

	t.Run("the skip link comes first on the keyboard", func(t *testing.T) {
		timed(t, ctx, "tab", chromedp.KeyEvent("\t"))
		if got := value(t, ctx, chromedp.Evaluate[string](`document.activeElement.className`)); got != "skip" {
			t.Errorf("first Tab focuses %q, want the skip link", got)
		}
	})

	steps := []struct {
		name, click, wait string
	}{
		{"home to a treatment", `.cards a[href^="/treatments/"]`, ".prose h2#what-it-is"},
		{"treatment to a doctor", `.aside a[href^="/doctors/"]`, ".aside #a-loc"},
		{"doctor to the blog", `.menu a[href="/blog"]`, ".cards"},
		{"blog to an article", `.cards a[href^="/blog/"]`, "a[rel=tag]"},
		{"article to a tag", `a[rel=tag]`, ".cards"},
	}
	for _, st := range steps {
		timed(t, ctx, st.name, chromedp.Click(chromedp.CSS(st.click), chromedp.NodeVisible), chromedp.WaitVisible(chromedp.CSS(st.wait)))
		t.Logf("%s: %s", st.name, value(t, ctx, chromedp.Location()))
	}
	if h1 := value(t, ctx, chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h1, "tagged") {
		t.Errorf("tag page h1 %q", h1)
	}
	timed(t, ctx, "search", chromedp.SendKeys(chromedp.CSS("#site-search"), "disc"), chromedp.Submit(chromedp.CSS("#site-search")),
		chromedp.WaitVisible(chromedp.CSS(".results mark")))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll(".results li").length`)); n == 0 {
		t.Error("searching for disc found nothing")
	}

	t.Run("script enhances the video FAQ under the CSP", func(t *testing.T) {
		timed(t, ctx, "videos", chromedp.Navigate(base+"/videos"), chromedp.WaitVisible(chromedp.CSS("button.video-play")))
	})

	t.Run("pages show at phone and desktop widths", func(t *testing.T) {
		dir := "" // no screenshots: encoding ten full pages is most of this test's time
		if *updateScreenshots {
			dir = filepath.Join("..", "..", "docs", "screenshots")
		}
		showPages(t, ctx, base, dir)
	})
}

// showPages opens the README's pages at phone and desktop widths and, when
// dir is set, saves a screenshot of each there.
func showPages(t *testing.T, ctx context.Context, base, dir string) {
	if dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	pages := map[string]string{"home": "/", "treatment": "/treatments/endoscopic-decompression", "city": "/locations/seattle", "post": "/blog/can-a-torn-disc-heal",
		"booking": "/appointments?type=follow-up&location=seattle"}
	widths := map[string][2]int64{"phone": {360, 740}, "desktop": {1280, 900}}
	for name, path := range pages {
		for wname, size := range widths {
			opts := []chromedp.EmulateViewportOption{}
			if wname == "phone" {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile)
			}
			timed(t, ctx, name, chromedp.EmulateViewport(size[0], size[1], opts...), chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("footer")))
			if dir == "" {
				continue
			}
			png := value(t, ctx, chromedp.FullScreenshot(100))
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%s-%s.png", name, wname)), png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if dir != "" {
		t.Logf("screenshots in %s", dir)
	}
}
