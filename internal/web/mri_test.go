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
	"strings"
	"testing"

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
		"bomb.zip":      dicomtest.ZipBomb(4 << 20), // refused by its ratio (over 200 to 1), before it is unpacked
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
