package web_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"clinic"
	"clinic/internal/dicom/dicomtest"
)

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
		if len(res.all(t, `form[action$="/book"] button`)) != 1 {
			t.Error("no offer to book")
		}
	})
	t.Run("booking from the answer brings the review to the appointment", func(t *testing.T) {
		reviewID, _ := strconv.ParseInt(reviewURL[strings.LastIndex(reviewURL, "/")+1:], 10, 64)
		reader := m.patient("198.51.100.9:1000")
		if res := reader.post(t, link+"/book", map[string][]string{"birth_date": {"1971-02-03"}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a wrong date of birth: %d", res.StatusCode)
		}
		res := reader.post(t, link+"/book", map[string][]string{"birth_date": {"1970-01-01"}})
		var cookie string
		for _, c := range res.Cookies() {
			if c.Name == "mri_review" && c.HttpOnly && c.Path == "/appointments" {
				cookie = c.Value
			}
		}
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/appointments" || cookie == "" {
			t.Fatalf("book: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		req := formRequest("/appointments/details", patientForm(t, m.site, firstSlot(t, m.site, "type=new-consultation&location=seattle&doctor=dr-samuel-okafor")))
		req.Header.Set("Cookie", "mri_review="+cookie)
		booked := m.do(t, req)
		if booked.StatusCode != http.StatusSeeOther {
			t.Fatalf("booking: %d %q", booked.StatusCode, booked.text(t, ".alert"))
		}
		q, _ := m.db.Review(ctx, reviewID)
		if q.Appointment == 0 {
			t.Fatal("the review does not name the appointment")
		}
		if got, err := m.db.ReviewOfAppointment(ctx, q.Appointment); err != nil || got != reviewID {
			t.Errorf("the appointment's review: %d, %v", got, err)
		}
		if page := b.get(t, fmt.Sprintf("/admin/appointments/%d", q.Appointment)); len(page.all(t, fmt.Sprintf(`a[href="/admin/reviews/%d"]`, reviewID))) != 1 {
			t.Error("the appointment page does not link the review")
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
	t.Run("the plain upload form keeps a file's name and type within bounds", func(t *testing.T) {
		q := m.start(t, "192.0.2.98:1000")
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		h := textproto.MIMEHeader{}
		h.Set("Content-Disposition", `form-data; name="files"; filename="`+strings.Repeat("a", 3000)+"\xff.dcm"+`"`)
		h.Set("Content-Type", strings.Repeat("x", 500))
		part, _ := mw.CreatePart(h)
		part.Write([]byte("not an image"))
		mw.Close()
		req := httptest.NewRequest(http.MethodPost, "/mri-review/upload", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		if res := q.send(t, req); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d, want 303", res.StatusCode)
		}
		seen := 0
		for id := int64(1); id <= 50; id++ { // every request of this test's site
			us, err := m.db.Uploads(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			for _, u := range us {
				if len(u.Name) > 1000 || !utf8.ValidString(u.Name) || len(u.Type) > 100 {
					t.Errorf("stored name of %d bytes (valid UTF-8: %v), type of %d", len(u.Name), utf8.ValidString(u.Name), len(u.Type))
				}
				seen++
			}
		}
		if seen == 0 {
			t.Error("no upload found")
		}
	})
	t.Run("sending without the review cookie finds nothing", func(t *testing.T) {
		if res := m.patient("192.0.2.97:1000").post(t, "/mri-review/send", nil); res.StatusCode != http.StatusNotFound {
			t.Errorf("status %d, want 404", res.StatusCode)
		}
	})
}
