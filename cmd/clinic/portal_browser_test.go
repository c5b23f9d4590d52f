package main

import (
	"context"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"clinic"
	"clinic/internal/mail/mailtest"
	"clinic/internal/store"
)

// portalPatient is the patient of the portal's browser test: their
// record is made before the server starts, as a booking would have.
var portalPatient = clinic.Patient{Name: "Ana Quillfeather", DateOfBirth: "1979-11-23", Phone: "(425) 555-0187",
	Email: "ana.quillfeather@example.com", PreferredContact: clinic.ContactEmail}

// portalClinic makes a data folder with the test patient's record and
// mail sent to smtp, starts the binary on it with its base URL on
// localhost (where a browser keeps Secure cookies and runs passkeys over
// plain HTTP: a passkey's relying party is a domain, never an address)
// and returns that URL and the data folder. setup, if any, adds to the
// database before the server starts.
func portalClinic(t *testing.T, smtp *mailtest.Server, setup ...func(context.Context, *store.DB, *clinic.Patient)) (string, string) {
	t.Helper()
	dataDir := filepath.Join(t.TempDir(), "data")
	mailTo(t, dataDir, smtp)
	ctx := context.Background()
	db, err := openStore(ctx, Config{DataDir: dataDir}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	p := portalPatient
	if err := db.CreatePatient(ctx, &p); err != nil {
		t.Fatal(err)
	}
	for _, f := range setup {
		f(ctx, db, &p)
	}
	db.Close()
	addr := freeAddr(t)
	base := "http://localhost:" + addr[strings.LastIndex(addr, ":")+1:]
	cmd := exec.Command(binary(t), "--addr", addr, "--data-dir", dataDir)
	cmd.Env = append(os.Environ(), "CLINIC_BASE_URL="+base)
	cmd.Stderr = &testLog{t: t}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		if err := cmd.Wait(); err != nil {
			t.Errorf("the server did not exit cleanly: %v", err)
		}
	})
	for deadline := time.Now().Add(readyLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return base, dataDir
			}
		}
	}
	t.Fatalf("the server did not become ready within %v", readyLimit)
	return "", ""
}

// emailSignIn signs the test patient in through the emailed link and the
// date of birth, as a first visit does.
func emailSignIn(t *testing.T, ctx context.Context, base string, smtp *mailtest.Server, seen int) {
	t.Helper()
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	timed(t, ctx, "ask for a link", chromedp.Navigate(base+"/portal/sign-in"), chromedp.WaitVisible(css("#f-email")),
		chromedp.SendKeys(css("#f-email"), portalPatient.Email), chromedp.Submit(css("#f-email")), chromedp.WaitVisible(css(".notice")))
	msgs := smtp.Wait(t, seen+1, 2*time.Minute)
	link := regexp.MustCompile(`http://\S+/portal/link/\S+`).FindString(msgs[len(msgs)-1].Text)
	if link == "" {
		t.Fatalf("no sign-in link in %q", msgs[len(msgs)-1].Text)
	}
	link = strings.Replace(link, "127.0.0.1", "localhost", 1)
	timed(t, ctx, "use the link", chromedp.Navigate(link), chromedp.WaitVisible(css(`form button[type=submit]`)),
		chromedp.Click(css(`main form button[type=submit]`)), chromedp.WaitVisible(css("#f-birth_date, .portal-upcoming")))
	if strings.Contains(value(t, ctx, chromedp.Location()), "/portal/verify") {
		timed(t, ctx, "date of birth", chromedp.SetValue(css("#f-birth_date"), portalPatient.DateOfBirth),
			chromedp.Submit(css("#f-birth_date")), chromedp.WaitVisible(css(".portal-upcoming")))
	}
}

// TestBrowserPortalPasskey signs a patient in by an emailed link, adds a
// passkey held by Chromium's virtual authenticator (CTAP2, internal,
// resident keys, user verification), signs out, signs in again with the
// passkey alone, and removes it.
func TestBrowserPortalPasskey(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t)
	base, _ := portalClinic(t, smtp)
	ctx := browser(t)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	if _, err := chromedp.Call(ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	auth, err := chromedp.Call(ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Ctap2version: webauthn.Ctap2versionCtap21, Transport: webauthn.AuthenticatorTransportInternal,
		HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
	if err != nil {
		t.Fatal(err)
	}
	timed(t, ctx, "viewport", chromedp.EmulateViewport(390, 800))
	emailSignIn(t, ctx, base, smtp, 0)

	timed(t, ctx, "add a passkey", chromedp.Navigate(base+"/portal/passkeys"), chromedp.WaitVisible(css("#f-passkey-name")),
		chromedp.SetValue(css("#f-passkey-name"), "Test phone"), chromedp.Click(css("#passkey-add button")), chromedp.WaitVisible(css(".notice")))
	creds, err := chromedp.Call(ctx, webauthn.GetCredentials, webauthn.GetCredentialsParams(auth))
	if err != nil {
		t.Fatal(err)
	}
	if len(creds.Credentials) != 1 || !creds.Credentials[0].IsResidentCredential || creds.Credentials[0].RpID != "localhost" {
		t.Fatalf("the authenticator holds %+v, want one resident credential for localhost", creds.Credentials)
	}
	if got := value(t, ctx, chromedp.Text(css("ul.passkeys"))); !strings.Contains(got, "Test phone") {
		t.Errorf("the list: %q", got)
	}

	timed(t, ctx, "sign out", chromedp.Navigate(base+"/portal/home"), chromedp.WaitVisible(css(`form[action="/portal/sign-out"] button`)),
		chromedp.Click(css(`form[action="/portal/sign-out"] button`)), chromedp.WaitVisible(css("#f-email")))
	timed(t, ctx, "sign in with the passkey", chromedp.WaitVisible(css("#passkey-sign-in")), chromedp.Click(css("#passkey-sign-in")),
		chromedp.WaitVisible(css(".portal-upcoming")))
	if h := value(t, ctx, chromedp.Text(css("main h1"))); !strings.Contains(h, portalPatient.Name) {
		t.Errorf("after the passkey: %q", h)
	}
	if n := len(smtp.Messages()); n != 1 {
		t.Errorf("%d emails: the passkey sign-in sent one", n)
	}

	timed(t, ctx, "remove it", chromedp.Navigate(base+"/portal/passkeys"), chromedp.WaitVisible(css("ul.passkeys form button")),
		chromedp.Click(css("ul.passkeys form button")), chromedp.WaitVisible(css(".notice")))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ul.passkeys li").length`)); n != 0 {
		t.Errorf("%d passkeys after removing it", n)
	}
	timed(t, ctx, "sign out again", chromedp.Navigate(base+"/portal/home"), chromedp.Click(css(`form[action="/portal/sign-out"] button`)),
		chromedp.WaitVisible(css("#passkey-sign-in")), chromedp.Click(css("#passkey-sign-in")),
		chromedp.WaitVisible(css("#passkey-status")))
	if got := value(t, ctx, chromedp.Text(css("#passkey-status"))); !strings.Contains(got, "removed") {
		t.Errorf("a removed passkey: %q", got)
	}
}
