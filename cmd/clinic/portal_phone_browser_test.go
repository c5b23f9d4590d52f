package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"clinic"
	"clinic/internal/auth"
	"clinic/internal/mail/mailtest"
	"clinic/internal/store"
)

// phonePortal gives the portal's test patient what a phone's screen
// should show: two appointments booked from their chart and a thread
// with the care team's answer. It queues three emails: two
// confirmations and the notice of the answer.
func phonePortal(t *testing.T) func(context.Context, *store.DB, *clinic.Patient) {
	return func(ctx context.Context, db *store.DB, p *clinic.Patient) {
		if _, err := seedDemo(ctx, db, slog.New(slog.DiscardHandler)); err != nil {
			t.Fatal(err)
		}
		zone, err := time.LoadLocation("America/Los_Angeles")
		if err != nil {
			t.Fatal(err)
		}
		for i, days := range []int{3, 17} {
			d := time.Now().In(zone).AddDate(0, 0, days)
			start := time.Date(d.Year(), d.Month(), d.Day(), 10+i, 0, 0, 0, zone)
			a := &clinic.Appointment{Type: "follow-up", Provider: "dr-samuel-okafor", Location: "seattle", Start: start, End: start.Add(20 * time.Minute),
				Buffer: 10 * time.Minute, IdempotencyKey: db.ChartBookingKey(p.ID), Patient: clinic.PatientDetails{Name: p.Name, DateOfBirth: p.DateOfBirth,
					Phone: p.Phone, Email: p.Email, Reason: "Follow-up after the injection"}}
			if _, err := db.Book(ctx, a); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.LinkRecords(ctx, 10); err != nil {
			t.Fatal(err)
		}
		hash, err := auth.Hash("a long test password for the nurse")
		if err != nil {
			t.Fatal(err)
		}
		nurse := &clinic.User{Email: "nurse@example.com", Name: "Jo Whitcombe, RN", Role: clinic.RoleFrontDesk, PasswordHash: hash}
		if err := db.CreateUser(ctx, nurse); err != nil {
			t.Fatal(err)
		}
		th := &clinic.Thread{PatientID: p.ID, Subject: "Ice or heat after the injection?"}
		if err := db.StartThread(ctx, th, "My lower back is sore where the needle went in. Should I use ice or heat?"); err != nil {
			t.Fatal(err)
		}
		answer := &clinic.Message{ThreadID: th.ID, AuthorID: nurse.ID, Body: "Ice for the first two days, 15 minutes at a time. Soreness at the site is common and fades within a week."}
		if err := db.PostMessage(ctx, p.ID, answer); err != nil {
			t.Fatal(err)
		}
	}
}

// TestBrowserPortalOnAPhone walks the portal as a patient on a phone
// 390 px wide, signed in by an emailed link: the home page, a pre-visit
// form and a message thread, each saved as a screenshot in the test's
// temporary folder and none wider than the screen. One Chromium does all
// three.
func TestBrowserPortalOnAPhone(t *testing.T) {
	t.Parallel()
	smtp := mailtest.Start(t)
	base, _ := portalClinic(t, smtp, phonePortal(t))
	ctx := browser(t)
	shots := t.TempDir()
	if dir := os.Getenv("CLINIC_SHOTS"); dir != "" {
		shots = dir // to keep them after the test
	}
	t.Logf("screenshots in %s", shots)
	css := func(s string) chromedp.CSS { return chromedp.CSS(s) }
	sent := smtp.Wait(t, 3, 2*time.Minute) // the confirmations and the notice, sent at start
	for _, m := range sent {
		if strings.Contains(m.Text, "Ice for the first two days") {
			t.Error("an email carries the care team's answer")
		}
	}
	timed(t, ctx, "phone screen", chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2)))
	emailSignIn(t, ctx, base, smtp, len(sent))
	fits := func(page string) {
		t.Helper()
		if w := value(t, ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`)); w > 390 {
			t.Errorf("%s is %d px wide on a 390 px screen", page, w)
		}
	}
	// Each page as the phone shows it first, and whole, as the patient
	// scrolls through it.
	shot := func(name string) {
		t.Helper()
		fits(name)
		phoneShot(t, ctx, shots, name)
		if err := os.WriteFile(filepath.Join(shots, name+"-whole.png"), value(t, ctx, chromedp.FullScreenshot(100)), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	timed(t, ctx, "home", chromedp.Navigate(base+"/portal/home"), chromedp.WaitVisible(css(".portal-upcoming")))
	if got := value(t, ctx, chromedp.Text(css(".portal-upcoming"))); strings.Count(got, "Move or cancel") != 2 || !strings.Contains(got, "10:00 AM P") {
		t.Errorf("upcoming appointments: %q", got)
	}
	shot("portal-home")

	timed(t, ctx, "medicines form", chromedp.Navigate(base+"/portal/forms/medications"), chromedp.WaitVisible(css("#f-medications")),
		chromedp.SetValue(css("#f-medications"), "Ibuprofen 400 mg, twice a day\nGabapentin 300 mg, at night"))
	shot("portal-form-medications")
	timed(t, ctx, "send the form", chromedp.Submit(css("form.portal-form")), chromedp.WaitVisible(css(".notice")))

	timed(t, ctx, "messages", chromedp.Navigate(base+"/portal/messages"), chromedp.WaitVisible(css(`a[href^="/portal/messages/"]`)),
		chromedp.Click(css(`a[href^="/portal/messages/"]`)), chromedp.WaitVisible(css("ol.thread .from-team")))
	timed(t, ctx, "reply", chromedp.SetValue(css("#f-body"), "Thank you. Since this morning my left foot feels numb."),
		chromedp.Submit(css("#f-body")), chromedp.WaitVisible(css(".alert.urgent")))
	if n := value(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll("ol.thread li").length`)); n != 3 {
		t.Errorf("%d messages in the thread, want 3", n)
	}
	shot("portal-thread")
}
