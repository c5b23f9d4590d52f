package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path"
	"strconv"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/dicom/dicomtest"
)

func TestMRIReviewFormRefusesBadInput(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	for _, tc := range []struct {
		name, field, value string
	}{
		{"a missing name is refused", "name", ""},
		{"a name with a line break is refused", "name", "Alex\nTestperson"},
		{"an email address without a domain is refused", "email", "alex@"},
		{"a missing phone number is refused", "phone", ""},
		{"a phone number with letters is refused", "phone", "call me maybe"},
		{"a date of birth that is not a date is refused", "birth_date", "1st of May"},
		{"a date of birth in the future is refused", "birth_date", "2999-01-01"},
		{"a date of birth 150 years ago is refused", "birth_date", "1870-01-01"},
		{"an empty description of the pain is refused", "complaint", "   "},
		{"a description of the pain over the limit is refused", "complaint", strings.Repeat("x", 2001)},
		{"a missing since when is refused", "since", ""},
		{"a question with a NUL character is refused", "question", "why\x00"},
		{"no consent to be contacted is refused", "consent", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := m.patient("192.0.2.50:1000")
			res := p.post(t, "/mri-review", withField(validForm(), tc.field, tc.value))
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if res.text(t, "#f-"+tc.field+"-error") == "" {
				t.Errorf("no error shown at the %s field", tc.field)
			}
			if p.cookie != "" {
				t.Error("a refused form set the review cookie")
			}
		})
	}
	t.Run("without the cookie the upload page sends the patient to the form", func(t *testing.T) {
		res := m.patient("192.0.2.51:1000").get(t, "/mri-review/upload")
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/mri-review" {
			t.Errorf("%d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

// summaryTexts is the summary page's study headings, series and problems.
func summaryTexts(t *testing.T, res *response, selector string) []string {
	t.Helper()
	var out []string
	for _, n := range res.all(t, selector) {
		out = append(out, strings.Join(strings.Fields(nodeText(n)), " "))
	}
	return out
}

func TestMRIUploadOfACD(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	cd, err := dicomtest.StudyCD(3, 5)
	if err != nil {
		t.Fatal(err)
	}
	p := m.start(t, "192.0.2.60:1000")
	p.uploadAll(t, "CD", cd.Files)
	m.read(t)
	res := p.get(t, "/mri-review/summary")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("summary: %d", res.StatusCode)
	}
	t.Run("the summary names the study in plain words", func(t *testing.T) {
		got := summaryTexts(t, res, ".mri-study h2")
		if len(got) != 1 || got[0] != "MRI lumbar spine, 2 March 2024, 3 series, 15 images" {
			t.Errorf("studies %q", got)
		}
		if series := summaryTexts(t, res, ".mri-series li span"); len(series) != 3 || series[0] != "SAG T1, 5 images" {
			t.Errorf("series %q", series)
		}
	})
	t.Run("the viewer program and other files of the CD are listed as not used, and why", func(t *testing.T) {
		got := strings.Join(summaryTexts(t, res, ".mri-problems li"), "\n")
		for _, name := range []string{"CD/VIEWER.EXE", "CD/AUTORUN.INF", "CD/README.HTM"} {
			if !strings.Contains(got, name+": not an image") {
				t.Errorf("%s is not listed:\n%s", name, got)
			}
		}
		if strings.Contains(got, "missing") {
			t.Errorf("the DICOMDIR's files are all there, yet some are listed missing:\n%s", got)
		}
	})
	thumbs := res.all(t, ".mri-series img")
	if len(thumbs) != 3 {
		t.Fatalf("%d thumbnails, want 3", len(thumbs))
	}
	thumb := attr(thumbs[0], "src")
	t.Run("each series has a thumbnail only its own browser can load", func(t *testing.T) {
		got := p.get(t, thumb)
		if got.StatusCode != http.StatusOK || got.Header.Get("Content-Type") != "image/png" || got.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("%d %s %s", got.StatusCode, got.Header.Get("Content-Type"), got.Header.Get("Cache-Control"))
		}
		other := m.start(t, "192.0.2.61:1000")
		if res := other.get(t, thumb); res.StatusCode != http.StatusNotFound {
			t.Errorf("another patient loaded the thumbnail: %d", res.StatusCode)
		}
		if res := m.patient("192.0.2.62:1000").get(t, thumb); res.StatusCode != http.StatusNotFound {
			t.Errorf("a browser without a request loaded the thumbnail: %d", res.StatusCode)
		}
	})
	t.Run("the same CD sent again adds nothing", func(t *testing.T) {
		p.uploadAll(t, "CD", map[string][]byte{"DICOM/IM000001": cd.Files["DICOM/IM000001"]})
		m.read(t)
		res := p.get(t, "/mri-review/summary")
		if got := summaryTexts(t, res, ".mri-study h2"); len(got) != 1 || !strings.HasSuffix(got[0], "15 images") {
			t.Errorf("studies %q", got)
		}
		if got := strings.Join(summaryTexts(t, res, ".mri-problems li"), "\n"); !strings.Contains(got, "duplicate") {
			t.Errorf("the second copy is not listed as a duplicate:\n%s", got)
		}
	})
}

func TestMRIUploadResumesWhereItStopped(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	p := m.start(t, "192.0.2.70:1000")
	file := bytes.Repeat([]byte("a study that is sent in two goes "), 9000) // 297 kB: five parts of 64 KiB
	target := p.create(t, "study.zip", len(file))
	t.Run("a PATCH cut off halfway keeps what arrived", func(t *testing.T) {
		p.patch(t, target, 0, &cutReader{b: file, n: len(file) / 2})
		status, n := p.head(t, target)
		if status != http.StatusOK || n != len(file)/2 {
			t.Fatalf("HEAD: %d at %d, want 200 at %d", status, n, len(file)/2)
		}
	})
	t.Run("a PATCH from the wrong offset is refused", func(t *testing.T) {
		if status, _ := p.patch(t, target, 10, bytes.NewReader(file[10:20])); status != http.StatusConflict {
			t.Errorf("status %d, want 409", status)
		}
	})
	t.Run("another request's browser finds no such upload", func(t *testing.T) {
		other := m.start(t, "192.0.2.71:1000")
		if status, _ := other.head(t, target); status != http.StatusNotFound {
			t.Errorf("HEAD: %d", status)
		}
		if status, _ := other.patch(t, target, len(file)/2, bytes.NewReader(file[len(file)/2:])); status != http.StatusNotFound {
			t.Errorf("PATCH: %d", status)
		}
		if res := other.tus(t, http.MethodDelete, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("DELETE: %d", res.StatusCode)
		}
		if res := m.patient("192.0.2.72:1000").tus(t, http.MethodHead, target, nil, nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("HEAD without a cookie: %d", res.StatusCode)
		}
		if res := p.get(t, target); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusMethodNotAllowed {
			t.Errorf("GET (a download) answered %d", res.StatusCode)
		}
	})
	t.Run("the rest completes it, and the stored file is the original", func(t *testing.T) {
		_, at := p.head(t, target)
		if status, n := p.patch(t, target, at, bytes.NewReader(file[at:])); status != http.StatusNoContent || n != len(file) {
			t.Fatalf("PATCH: %d at %d", status, n)
		}
		m.read(t) // the hash of a file of several parts is computed when it is read
		u, err := m.db.Upload(context.Background(), path.Base(target))
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(file)
		if u.SHA256 != hex.EncodeToString(sum[:]) || u.CompletedAt.IsZero() || len(u.Parts) < 5 {
			t.Errorf("stored SHA-256 %s in %d parts, want %x", u.SHA256, len(u.Parts), sum)
		}
		var back []byte
		for _, part := range u.Parts {
			b, err := m.ingest.ReadBlob(context.Background(), part.Blob, part.Size)
			if err != nil {
				t.Fatal(err)
			}
			back = append(back, b...)
		}
		if !bytes.Equal(back, file) {
			t.Error("the parts read back differ from the original")
		}
	})
	t.Run("a study over the limit is refused when its upload starts", func(t *testing.T) {
		small := newMRISite(t, 1000)
		q := small.start(t, "192.0.2.73:1000")
		res := q.tus(t, http.MethodPost, "/mri-review/files", nil, map[string]string{"Upload-Length": "1001"})
		if res.StatusCode != http.StatusRequestEntityTooLarge {
			t.Errorf("status %d, want 413", res.StatusCode)
		}
	})
}

// fixtureFiles are the kinds of files a patient sends, good and bad.
func fixtureFiles() map[string][]byte {
	implicit := dicomtest.MR(4, 1)
	implicit.Syntax = dicomtest.ImplicitLE
	big := dicomtest.MR(4, 2)
	big.Syntax = dicomtest.ExplicitBE
	lossless := dicomtest.MR(4, 3)
	lossless.Syntax = dicomtest.JPEGLossless
	baseline := dicomtest.MR(5, 1)
	baseline.Syntax, baseline.BitsAllocated, baseline.BitsStored = dicomtest.JPEGBaseline, 8, 8
	baseline.Frames, baseline.WindowCenter, baseline.WindowWidth = [][]int{dicomtest.Phantom(64, 64, 255, 1)}, "128", "256"
	multi := dicomtest.MR(6, 1)
	multi.Frames = [][]int{dicomtest.Phantom(64, 64, 4000, 1), dicomtest.Phantom(64, 64, 4000, 2), dicomtest.Phantom(64, 64, 4000, 3)}
	return map[string][]byte{
		"implicit.dcm":  implicit.MustBytes(),
		"bigendian.dcm": big.MustBytes(),
		"lossless.dcm":  lossless.MustBytes(),
		"baseline.dcm":  baseline.MustBytes(),
		"multi.dcm":     multi.MustBytes(),
		"truncated.dcm": dicomtest.Truncated(),
		"hostile.dcm":   dicomtest.Hostile(),
		"slip.zip":      dicomtest.ZipSlip(dicomtest.MR(7, 1).MustBytes()),
		"bomb.zip":      dicomtest.ZipBomb(300 << 20),
		"report.pdf":    []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
		"notes.txt":     []byte("just some notes"),
	}
}

func TestMRIUploadOfEveryKindOfFile(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	p := m.start(t, "192.0.2.80:1000")
	p.uploadAll(t, "", fixtureFiles())
	m.read(t)
	res := p.get(t, "/mri-review/summary")
	t.Run("the images are kept, in series", func(t *testing.T) {
		got := summaryTexts(t, res, ".mri-study h2")
		if len(got) != 1 || got[0] != "MRI lumbar spine, 2 March 2024, 4 series, 8 images" {
			t.Errorf("studies %q", got)
		}
	})
	t.Run("each bad file is listed with why, and nothing else is lost", func(t *testing.T) {
		got := strings.Join(summaryTexts(t, res, ".mri-problems li"), "\n")
		for _, want := range []string{"truncated.dcm: damaged", "hostile.dcm: damaged", "slip.zip/../../etc/cron.d/evil: refused",
			"slip.zip//etc/passwd: refused", "bomb.zip/DICOM/IM000001: refused", "notes.txt: not an image"} {
			if !strings.Contains(got, want) {
				t.Errorf("no %q in:\n%s", want, got)
			}
		}
		if reports := summaryTexts(t, res, ".mri-summary ul:not(.mri-series):not(.mri-problems) li"); len(reports) != 1 || !strings.HasPrefix(reports[0], "report.pdf") {
			t.Errorf("reports %q", reports)
		}
	})
	t.Run("the plain form without JavaScript takes files too", func(t *testing.T) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		w, _ := mw.CreateFormFile("files", "extra.dcm")
		w.Write(dicomtest.MR(8, 1).MustBytes())
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/mri-review/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if res := p.send(t, req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		m.read(t)
		if got := summaryTexts(t, p.get(t, "/mri-review/summary"), ".mri-study h2"); len(got) != 1 || !strings.HasSuffix(got[0], "9 images") {
			t.Errorf("studies %q", got)
		}
	})
}

func TestMRIReviewFromRequestToAnswer(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	ctx := context.Background()
	p := m.start(t, "192.0.2.90:1000")
	cd, _ := dicomtest.StudyCD(2, 3)
	p.uploadAll(t, "CD", cd.Files)
	m.read(t)
	if res := p.post(t, "/mri-review/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", res.StatusCode)
	}
	t.Run("the patient's email says the images arrived and names no health detail", func(t *testing.T) {
		ms, err := m.db.ClaimMail(ctx, m.clock.now(), 10, time.Minute)
		if err != nil || len(ms) != 2 {
			t.Fatalf("%d messages, %v", len(ms), err)
		}
		for _, msg := range ms {
			if err := m.srv.ComposeMail(ctx, msg); err != nil {
				t.Fatal(err)
			}
			if strings.Contains(msg.Body, "back pain") || strings.Contains(msg.Body, "leg") || strings.Contains(msg.Subject, "pain") {
				t.Errorf("%s names a health detail:\n%s", msg.Kind, msg.Body)
			}
		}
		if ms[0].To != "alex@example.com" || ms[0].Subject != "We received your images" {
			t.Errorf("first message to %q: %q", ms[0].To, ms[0].Subject)
		}
	})
	doc, secret := m.staffUser(t, "doc@example.com", clinic.RoleProvider, true)
	b := m.browser()
	b.signIn(t, doc.Email, secret)
	var reviewURL string
	t.Run("the request is in the queue with the patient's words", func(t *testing.T) {
		res := b.get(t, "/admin/reviews")
		links := res.all(t, "table.list a")
		if len(links) != 1 {
			t.Fatalf("%d requests in the queue", len(links))
		}
		reviewURL = attr(links[0], "href")
		page := b.get(t, reviewURL)
		if !strings.Contains(page.body, "Low back pain into the left leg") || !strings.Contains(page.body, "2 series, 6 images") {
			t.Errorf("the request page lacks the patient's words or the summary")
		}
	})
	t.Run("opening the study is in the audit log", func(t *testing.T) {
		if res := b.get(t, reviewURL+"/viewer"); res.StatusCode != http.StatusOK {
			t.Fatalf("viewer: %d", res.StatusCode)
		}
		es, err := m.db.AuditEvents(ctx, clinic.AuditFilter{Action: "review.open_study"})
		if err != nil || len(es) != 1 || es[0].ActorID != doc.ID {
			t.Errorf("audit %v, %v", es, err)
		}
	})
	t.Run("the viewer gets the stack and draws frames through a window", func(t *testing.T) {
		res := b.get(t, reviewURL+"/viewer")
		series := attr(res.all(t, ".viewer-pick")[0], "data-series")
		stack := b.get(t, reviewURL+"/series/"+series)
		if stack.StatusCode != http.StatusOK || strings.Count(stack.body, `"instance"`) != 3 || !strings.Contains(stack.body, `"spacing":[0.5,0.5]`) {
			t.Fatalf("stack: %d %s", stack.StatusCode, stack.body)
		}
		inst := strings.SplitN(strings.SplitN(stack.body, `"instance":`, 2)[1], ",", 2)[0]
		for _, q := range []string{"", "?preset=bone", "?wc=40&ww=400"} {
			img := b.get(t, reviewURL+"/images/"+inst+"/0"+q)
			if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
				t.Errorf("image%s: %d", q, img.StatusCode)
			}
		}
		for _, q := range []string{"?preset=neon", "?wc=x&ww=3", "?wc=1&ww=0"} {
			if img := b.get(t, reviewURL+"/images/"+inst+"/0"+q); img.StatusCode != http.StatusBadRequest {
				t.Errorf("image%s: %d, want 400", q, img.StatusCode)
			}
		}
		if img := b.get(t, reviewURL+"/images/"+inst+"/7"); img.StatusCode != http.StatusNotFound {
			t.Errorf("a frame past the end: %d", img.StatusCode)
		}
	})
	t.Run("findings sent to the patient answer the request", func(t *testing.T) {
		res := b.post(t, reviewURL+"/findings", map[string][]string{"findings": {""}, "recommendation": {"x"}, "action": {"send"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("empty findings sent: %d", res.StatusCode)
		}
		res = b.post(t, reviewURL+"/findings", map[string][]string{"findings": {"A small disc bulge at L4-5."},
			"recommendation": {"Physical therapy for six weeks."}, "treatment": {"mis-fusion"}, "offer_booking": {"yes"}, "action": {"send"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("send: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
	})
	var link string
	t.Run("the ready email carries a link, not the findings", func(t *testing.T) {
		ms, err := m.db.ClaimMail(ctx, m.clock.now(), 10, time.Minute)
		if err != nil || len(ms) != 1 {
			t.Fatalf("%d messages, %v", len(ms), err)
		}
		if err := m.srv.ComposeMail(ctx, ms[0]); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ms[0].Body, "disc") {
			t.Errorf("the email holds the findings:\n%s", ms[0].Body)
		}
		i := strings.Index(ms[0].Body, testBase+"/mri-review/findings/")
		if i < 0 {
			t.Fatalf("no link in:\n%s", ms[0].Body)
		}
		link = strings.Fields(ms[0].Body[i+len(testBase):])[0]
	})
	t.Run("the patient reads the findings after giving the date of birth", func(t *testing.T) {
		reader := m.patient("198.51.100.9:1000")
		if res := reader.get(t, link); res.StatusCode != http.StatusOK || strings.Contains(res.body, "disc bulge") {
			t.Fatalf("link: %d", res.StatusCode)
		}
		res := reader.post(t, link, map[string][]string{"birth_date": {"1970-01-01"}})
		if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "A small disc bulge at L4-5.") || res.Header.Get("Cache-Control") != "no-store" {
			t.Fatalf("findings: %d", res.StatusCode)
		}
		if res.text(t, `a[href="/appointments"]`) == "" {
			t.Error("no offer to book")
		}
	})
	t.Run("wrong dates of birth are throttled", func(t *testing.T) {
		guesser := m.patient("203.0.113.5:1000")
		var status int
		for range clinic.ThrottlePerAccount + 1 {
			status = guesser.post(t, link, map[string][]string{"birth_date": {"1971-02-03"}}).StatusCode
		}
		if status != http.StatusTooManyRequests {
			t.Errorf("status %d after %d wrong dates, want 429", status, clinic.ThrottlePerAccount+1)
		}
	})
	t.Run("a link that was not signed by us is not found", func(t *testing.T) {
		if res := m.patient("203.0.113.6:1000").get(t, "/mri-review/findings/AQ.AAAAAAAAAAAAAAAAAAAAAA"); res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d", res.StatusCode)
		}
	})
}

func TestMRIReviewBackOfficeRefusesBadInput(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	p := m.start(t, "192.0.2.95:1000")
	p.upload(t, "IM1", dicomtest.MR(1, 1).MustBytes())
	m.read(t)
	if res := p.post(t, "/mri-review/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send: %d", res.StatusCode)
	}
	admin, secret := m.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	b := m.browser()
	b.signIn(t, admin.Email, secret)
	editor, _ := m.staffUser(t, "ed@example.com", clinic.RoleEditor, false)
	qs, err := m.db.Reviews(context.Background(), "")
	if err != nil || len(qs) != 1 {
		t.Fatalf("queue %v, %v", qs, err)
	}
	base := "/admin/reviews/" + strconv.FormatInt(qs[0].ID, 10)
	t.Run("the request page names whom the images name", func(t *testing.T) {
		if res := b.get(t, base); !strings.Contains(res.body, "The images name TESTPERSON ALEX, born 1970-01-01.") {
			t.Errorf("no patient from the images on the page")
		}
	})
	for _, tc := range []struct {
		name, path string
		form       map[string][]string
		want       int
	}{
		{"assigning no provider is refused", "/assign", map[string][]string{"provider": {"x"}}, http.StatusBadRequest},
		{"assigning an editor is refused", "/assign", map[string][]string{"provider": {strconv.FormatInt(editor.ID, 10)}}, http.StatusBadRequest},
		{"a status that does not exist is refused", "/status", map[string][]string{"status": {"bogus"}}, http.StatusBadRequest},
		{"moving back to new is refused", "/status", map[string][]string{"status": {"new"}}, http.StatusBadRequest},
		{"findings over the limit are refused", "/findings", map[string][]string{"findings": {strings.Repeat("x", 10001)}, "action": {"save"}}, http.StatusUnprocessableEntity},
		{"a treatment that is not a slug is refused", "/findings", map[string][]string{"findings": {"x"}, "treatment": {"../etc"}, "action": {"save"}}, http.StatusUnprocessableEntity},
		{"findings sent without a recommendation are refused", "/findings", map[string][]string{"findings": {"x"}, "action": {"send"}}, http.StatusUnprocessableEntity},
		{"a request that does not exist is not found", "x/status", map[string][]string{"status": {"closed"}}, http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := base + tc.path
			if strings.HasPrefix(tc.path, "x") {
				target = "/admin/reviews/999999/status"
			}
			if res := b.post(t, target, tc.form); res.StatusCode != tc.want {
				t.Errorf("status %d, want %d", res.StatusCode, tc.want)
			}
		})
	}
	t.Run("the plain upload form without files is refused", func(t *testing.T) {
		q := m.start(t, "192.0.2.96:1000")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("note", "no files")
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/mri-review/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if res := q.send(t, req); res.StatusCode != http.StatusBadRequest {
			t.Errorf("status %d, want 400", res.StatusCode)
		}
	})
	t.Run("sending without the review cookie finds nothing", func(t *testing.T) {
		if res := m.patient("192.0.2.97:1000").post(t, "/mri-review/send", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", res.StatusCode)
		}
	})
}

func TestMRIUnfinishedUploadIsLeftOut(t *testing.T) {
	t.Parallel()
	m := newMRISite(t, 1<<30)
	p := m.start(t, "192.0.2.98:1000")
	p.upload(t, "IM1", dicomtest.MR(1, 1).MustBytes())
	p.create(t, "IM2", 5000) // started, never sent
	m.read(t)
	res := p.get(t, "/mri-review/summary")
	if !strings.Contains(res.text(t, ".mri-summary .alert"), "1 file was not sent completely") {
		t.Errorf("no word of the unfinished file: %q", res.text(t, ".mri-summary .alert"))
	}
	if res := p.post(t, "/mri-review/send", nil); res.StatusCode != http.StatusSeeOther {
		t.Errorf("an unfinished upload stopped the request from being sent: %d", res.StatusCode)
	}
}
