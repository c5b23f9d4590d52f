package web_test

import (
	"bytes"
	"context"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinic"
	"clinic/internal/blob"
	"clinic/internal/web"
)

// formSite is a site whose blob store, in dir, keeps the card photos.
type formSite struct {
	*site
	blobs *blob.Store
	dir   string
}

func newFormSite(t *testing.T) *formSite {
	t.Helper()
	dir := t.TempDir()
	keys, err := blob.LoadKeyring("", filepath.Join(dir, "blob.keys"))
	if err != nil {
		t.Fatal(err)
	}
	folder, err := blob.NewFolder(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	f := &formSite{blobs: blob.New(folder, keys), dir: filepath.Join(dir, "blobs")}
	f.site = newSiteWith(t, func(c *web.Config) { c.MRI = web.MRIConfig{Blobs: f.blobs} })
	return f
}

// cardPNG and cardJPEG are the first bytes of a PNG and a JPEG photo,
// with a body no decoder needs: the form tells a photo by its start.
var (
	cardPNG  = append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte("front of the card "), 400)...)
	cardJPEG = append([]byte("\xff\xd8\xff\xe0"), bytes.Repeat([]byte("back of the card "), 400)...)
	cardHEIC = append([]byte("\x00\x00\x00\x18ftypheic"), bytes.Repeat([]byte{0}, 100)...)
)

// cardRequest is the insurance form as a browser sends it, with photos.
func cardRequest(t *testing.T, fields map[string]string, files map[string][]byte) *http.Request {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for k, b := range files {
		w, err := mw.CreateFormFile(k, "IMG_0001.jpg")
		if err != nil {
			t.Fatal(err)
		}
		w.Write(b)
	}
	mw.Close()
	req := httptest.NewRequest(http.MethodPost, "/portal/forms/insurance", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return req
}

func TestPortalFormsRefuseBadInput(t *testing.T) {
	t.Parallel()
	s := newFormSite(t)
	bookFor(t, s.site, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := signInPatient(t, s.site, maria)
	cases := []struct {
		name, form string
		fields     url.Values
		problem    string // a field that must be marked
	}{
		{"contact details with neither phone nor email", "contact", url.Values{"phone": {""}, "email": {""}}, "phone"},
		{"an email that is not one", "contact", url.Values{"phone": {"206-555-0142"}, "email": {"maria at example"}}, "email"},
		{"a phone number of letters", "contact", url.Values{"phone": {"call me"}}, "phone"},
		{"a way of contact we do not offer", "contact", url.Values{"phone": {"206-555-0142"}, "preferred_contact": {"pigeon"}}, "preferred_contact"},
		{"an address too long", "contact", url.Values{"phone": {"206-555-0142"}, "address": {strings.Repeat("a", 301)}}, "address"},
		{"insurance without an insurer", "insurance", url.Values{"member_id": {"X1"}}, "carrier"},
		{"a member ID over two lines", "insurance", url.Values{"carrier": {"Acme"}, "member_id": {"X1\nX2"}}, "member_id"},
		{"no medicines and no tick", "medications", url.Values{}, "medications"},
		{"medicines and the tick for none", "medications", url.Values{"medications": {"Ibuprofen"}, "none": {"on"}}, "medications"},
		{"allergies too long", "allergies", url.Values{"allergies": {strings.Repeat("x", 3001)}}, "allergies"},
		{"consent without a signature", "consent", url.Values{"consent_version": {clinic.ConsentVersion}}, "signature"},
		{"consent to an older text", "consent", url.Values{"consent_version": {"2019-01"}, "signature": {"María García-López"}}, "consent"},
		{"a signature with characters we cannot read", "consent", url.Values{"consent_version": {clinic.ConsentVersion}, "signature": {"Mar\x00ía"}}, "signature"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := b.post(t, "/portal/forms/"+c.form, c.fields)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d, want 422", res.StatusCode)
			}
			if len(res.all(t, "#f-"+c.problem+"-error, .field.invalid, p.error")) == 0 {
				t.Errorf("nothing marked for %s", c.problem)
			}
		})
	}
	photos := []struct {
		name  string
		photo []byte
		want  string
	}{
		{"a HEIC photo is refused with a way round it", cardHEIC, "Most Compatible"},
		{"a file that is not a photo is refused", []byte("%PDF-1.7 a scanned card"), "JPEG or PNG"},
		{"a photo over 8 MB is refused", append(append([]byte{}, cardPNG...), make([]byte, clinic.MaxCardPhoto)...), "8 MB"},
	}
	for _, c := range photos {
		t.Run(c.name, func(t *testing.T) {
			res := b.send(t, cardRequest(t, map[string]string{"carrier": "Acme Health", "member_id": "XJ-1"}, map[string][]byte{"card_front": c.photo}))
			if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.text(t, "#f-card_front-error"), c.want) {
				t.Errorf("%d %q", res.StatusCode, res.text(t, "#f-card_front-error"))
			}
		})
	}
	t.Run("no refused photo stays in the blob store", func(t *testing.T) {
		n := 0
		s.blobs.Walk(context.Background(), func(_ blob.Info, err error) error { n++; return err })
		if n != 0 {
			t.Errorf("%d blobs", n)
		}
	})
	t.Run("a view of a form that does not exist is a 404", func(t *testing.T) {
		if res := b.get(t, "/portal/forms/passport"); res.StatusCode != http.StatusNotFound {
			t.Errorf("%d", res.StatusCode)
		}
	})
}

func TestPortalFormsReachTheChartAndTheRecord(t *testing.T) {
	t.Parallel()
	s := newFormSite(t)
	ctx := context.Background()
	a := bookFor(t, s.site, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	id := patientOf(t, s.site, a)
	b := signInPatient(t, s.site, maria)
	sends := []*http.Request{
		formRequest("/portal/forms/contact", url.Values{"phone": {"(206) 555-0177"}, "email": {maria.Email}, "preferred_contact": {clinic.ContactPhone}}),
		cardRequest(t, map[string]string{"carrier": "Acme Health", "member_id": "XJ-4411"}, map[string][]byte{"card_front": cardPNG, "card_back": cardJPEG}),
		formRequest("/portal/forms/consent", url.Values{"consent_version": {clinic.ConsentVersion}, "signature": {"María García-López"}}),
	}
	for _, req := range sends {
		if res := b.send(t, req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d %s", req.URL.Path, res.StatusCode, res.text(t, ".error"))
		}
	}
	if got := b.get(t, "/portal/forms").text(t, "ul.portal-forms"); strings.Count(got, "being checked") != 3 {
		t.Errorf("the list: %q", got)
	}
	staff := frontDesk(t, s.site)
	chart := staff.get(t, "/admin/patients/"+itoa(id))
	news := chart.all(t, ".form-new")
	if len(news) != 3 {
		t.Fatalf("%d new forms on the chart", len(news))
	}
	t.Run("the card's photos come back as they were sent, and each look is audited", func(t *testing.T) {
		for side, want := range map[string][]byte{"front": cardPNG, "back": cardJPEG} {
			links := chart.all(t, `a[href$="/card/`+side+`"]`)
			if len(links) != 1 {
				t.Fatalf("%d links to the %s", len(links), side)
			}
			res := staff.get(t, attr(links[0], "href"))
			if res.StatusCode != http.StatusOK || res.body != string(want) || res.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("%s: %d, %d bytes", side, res.StatusCode, len(res.body))
			}
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.read", Record: "patient:" + itoa(id)})
		cards := 0
		for _, e := range es {
			if e.Detail == "insurance card" {
				cards++
			}
		}
		if cards != 2 {
			t.Errorf("%d looks at the card audited, want 2", cards)
		}
	})
	t.Run("the blob folder holds the photos encrypted", func(t *testing.T) {
		filepath.WalkDir(s.dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			raw, _ := os.ReadFile(path)
			if bytes.Contains(raw, []byte("front of the card")) || bytes.Contains(raw, []byte("back of the card")) {
				t.Errorf("%s holds a photo in plain", path)
			}
			return nil
		})
	})
	t.Run("accepting contact details changes the record, once, audited", func(t *testing.T) {
		var accept string
		for _, n := range news {
			if strings.Contains(nodeText(n), "Contact details") {
				accept = attr(cascadiaFirst(n, "form"), "action")
			}
		}
		if res := staff.post(t, accept, nil); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.StatusCode)
		}
		p, _ := s.db.Patient(ctx, id)
		if p.Phone != "(206) 555-0177" || p.PreferredContact != clinic.ContactPhone {
			t.Errorf("the record: %+v", p)
		}
		if res := staff.post(t, accept, nil); res.StatusCode != http.StatusConflict {
			t.Errorf("again: %d", res.StatusCode)
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.form_accept"})
		if len(es) != 2 || es[0].Outcome == es[1].Outcome {
			t.Errorf("audit: %+v", es)
		}
		after := staff.get(t, "/admin/patients/"+itoa(id))
		if n := len(after.all(t, ".form-new")); n != 2 {
			t.Errorf("%d new forms after accepting one", n)
		}
		if got := after.text(t, "#h-forms + *, section[aria-labelledby=h-forms]"); !strings.Contains(got, "On record") {
			t.Errorf("the chart's forms: %q", got)
		}
	})
	t.Run("with forms off, the forms answer 404", func(t *testing.T) {
		if err := s.db.SavePortalSettings(ctx, &clinic.PortalSettings{SelfScheduling: true, Messages: true}); err != nil {
			t.Fatal(err)
		}
		for _, res := range []*response{b.get(t, "/portal/forms"), b.post(t, "/portal/forms/allergies", url.Values{"none": {"on"}})} {
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%d", res.StatusCode)
			}
		}
	})
}
