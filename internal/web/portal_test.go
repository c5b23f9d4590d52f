package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
)

// patientBrowser keeps a portal session cookie, as a patient's browser.
type patientBrowser struct {
	s      *site
	cookie string
}

func (b *patientBrowser) send(t *testing.T, req *http.Request) *response {
	t.Helper()
	req.RemoteAddr = "198.51.100.7:4000"
	if b.cookie != "" {
		req.Header.Set("Cookie", "__Host-clinic_portal="+b.cookie)
	}
	res := b.s.do(t, req)
	for _, c := range res.Cookies() {
		if c.Name == "__Host-clinic_portal" {
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
				t.Errorf("portal cookie attributes: %+v", c)
			}
			b.cookie = c.Value
		}
	}
	return res
}

func (b *patientBrowser) get(t *testing.T, path string) *response {
	t.Helper()
	return b.send(t, httptest.NewRequest(http.MethodGet, path, nil))
}

func (b *patientBrowser) post(t *testing.T, path string, form url.Values) *response {
	t.Helper()
	return b.send(t, formRequest(path, form))
}

// portalLinkMail asks for a sign-in link for email and returns the link
// the message carries once composed, as the mail worker composes it.
func portalLinkMail(t *testing.T, s *site, b *patientBrowser, email string) string {
	t.Helper()
	if res := b.post(t, "/portal/sign-in", url.Values{"email": {email}}); res.StatusCode != http.StatusOK {
		t.Fatalf("ask for a link: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	ms, err := s.db.ClaimMail(context.Background(), s.clock.now(), 100, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if strings.HasPrefix(m.Kind, clinic.MailPortalLink+":") {
			if err := s.srv.ComposeMail(context.Background(), m); err != nil {
				t.Fatal(err)
			}
			if m.To != email {
				t.Fatalf("sent to %q", m.To)
			}
			i := strings.Index(m.Body, testBase+"/portal/link/")
			if i < 0 {
				t.Fatalf("no link in %q", m.Body)
			}
			return strings.Fields(m.Body[i:])[0]
		}
	}
	t.Fatal("no sign-in message queued")
	return ""
}

// signInPatient signs a patient in through an emailed link and matches
// their record by date of birth.
func signInPatient(t *testing.T, s *site, p clinic.PatientDetails) *patientBrowser {
	t.Helper()
	b := &patientBrowser{s: s}
	link := strings.TrimPrefix(portalLinkMail(t, s, b, p.Email), testBase)
	if res := b.post(t, link, nil); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/verify" {
		t.Fatalf("use the link: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res := b.post(t, "/portal/verify", url.Values{"birth_date": {p.DateOfBirth}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("match: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	return b
}

func TestPortalSignInByEmailLink(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := &patientBrowser{s: s}
	link := portalLinkMail(t, s, b, maria.Email)
	path := strings.TrimPrefix(link, testBase)

	t.Run("the link only shows a button, so a mail scanner cannot use it up", func(t *testing.T) {
		res := b.get(t, path)
		if res.StatusCode != http.StatusOK || b.cookie != "" {
			t.Errorf("GET the link: %d, cookie %q", res.StatusCode, b.cookie)
		}
	})
	t.Run("no usable link rests in the database", func(t *testing.T) {
		token := path[strings.LastIndex(path, "/")+1:]
		s.db.EachValue(ctx, func(table, column, value string) error {
			if strings.Contains(value, token) {
				t.Errorf("%s.%s holds the token", table, column)
			}
			return nil
		})
	})
	t.Run("pressing it signs in and asks for the date of birth", func(t *testing.T) {
		res := b.post(t, path, nil)
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/verify" || b.cookie == "" {
			t.Fatalf("%d %q", res.StatusCode, res.Header.Get("Location"))
		}
		if res := b.get(t, "/portal/home"); res.Header.Get("Location") != "/portal/verify" {
			t.Errorf("home before the match: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("the link works once", func(t *testing.T) {
		other := &patientBrowser{s: s}
		if res := other.post(t, path, nil); res.StatusCode != http.StatusNotFound || other.cookie != "" {
			t.Errorf("a used link: %d", res.StatusCode)
		}
	})
	t.Run("a wrong date of birth shows nothing", func(t *testing.T) {
		res := b.post(t, "/portal/verify", url.Values{"birth_date": {"1968-04-22"}})
		if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(res.body, "García") {
			t.Errorf("%d", res.StatusCode)
		}
		in := res.all(t, `#f-birth_date[aria-invalid="true"][aria-describedby="f-birth_date-error"]`)
		if len(in) != 1 || res.text(t, "#f-birth_date-error") == "" {
			t.Errorf("the field does not point a screen reader at what is wrong")
		}
	})
	t.Run("without a session the date is not taken and the patient is told", func(t *testing.T) {
		gone := &patientBrowser{s: s}
		if res := gone.post(t, "/portal/verify", url.Values{"birth_date": {"04/21/1968"}}); res.StatusCode != http.StatusUnauthorized ||
			!strings.Contains(res.text(t, "main"), "sign in again") {
			t.Errorf("POST: %d %q", res.StatusCode, res.text(t, "main"))
		}
		if res := gone.get(t, "/portal/verify"); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/sign-in" {
			t.Errorf("GET: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
	t.Run("the right one shows the patient's appointments with a link to move or cancel", func(t *testing.T) {
		if res := b.post(t, "/portal/verify", url.Values{"birth_date": {"04/21/1968"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		res := b.get(t, "/portal/home")
		if res.StatusCode != http.StatusOK || !strings.Contains(res.text(t, "h1"), maria.Name) {
			t.Fatalf("home: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		links := res.all(t, `.portal-upcoming a[href^="/appointments/manage/"]`)
		if len(links) != 1 {
			t.Fatalf("%d manage links", len(links))
		}
		if got := res.text(t, ".portal-upcoming"); !strings.Contains(got, "Friday, November 27 at 9:00 AM PST") {
			t.Errorf("the time is not on the clinic's clock: %q", got)
		}
		if res := s.get(t, attr(links[0], "href")); res.StatusCode != http.StatusOK {
			t.Errorf("the manage link: %d", res.StatusCode)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("Cache-Control %q", cc)
		}
	})
	t.Run("signing out ends the session", func(t *testing.T) {
		token := b.cookie
		b.post(t, "/portal/sign-out", nil)
		again := &patientBrowser{s: s, cookie: token}
		if res := again.get(t, "/portal/home"); res.Header.Get("Location") != "/portal/sign-in" {
			t.Errorf("after sign-out: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
	})
}

func TestPortalRefusesBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := &patientBrowser{s: s}
	cases := []struct {
		name, method, path string
		form               url.Values
		want               int
	}{
		{"an email that is not one", "POST", "/portal/sign-in", url.Values{"email": {"not an email"}}, 422},
		{"an empty email", "POST", "/portal/sign-in", url.Values{}, 422},
		{"an email too long", "POST", "/portal/sign-in", url.Values{"email": {strings.Repeat("a", 250) + "@example.com"}}, 422},
		{"an email with a line break", "POST", "/portal/sign-in", url.Values{"email": {"a@example.com\nBcc: b@example.com"}}, 422},
		{"a made-up link", "POST", "/portal/link/" + strings.Repeat("A", 43), nil, 404},
		{"a link with characters no token has", "GET", "/portal/link/%3Cscript%3E", nil, 404},
		{"a short link", "POST", "/portal/link/abc", nil, 404},
		{"a verification without a session", "POST", "/portal/verify", url.Values{"birth_date": {"1970-01-01"}}, 401},
		{"the home page without a session", "GET", "/portal/home", nil, 303},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var res *response
			if c.method == "GET" {
				res = b.get(t, c.path)
			} else {
				res = b.post(t, c.path, c.form)
			}
			if res.StatusCode != c.want {
				t.Errorf("%d, want %d", res.StatusCode, c.want)
			}
		})
	}
	t.Run("a date of birth that is not a date is answered on the form", func(t *testing.T) {
		a := &patientBrowser{s: s}
		bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), bo)
		link := strings.TrimPrefix(portalLinkMail(t, s, a, bo.Email), testBase)
		a.post(t, link, nil)
		for _, d := range []string{"", "31/31/1980", "yesterday", "1980-02-30"} {
			if res := a.post(t, "/portal/verify", url.Values{"birth_date": {d}}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("date %q: %d", d, res.StatusCode)
			}
		}
	})
}

// TestPortalIsolation signs in as one patient and calls every portal
// route, with every placeholder filled with the other patient's
// identifiers: never the other's data.
func TestPortalIsolation(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	mine := bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	theirs := bookFor(t, s, "dr-samuel-okafor", testNow.Add(72*time.Hour), bo)
	b := signInPatient(t, s, maria)
	other := patientOf(t, s, theirs)
	c, err := s.db.PatientChart(ctx, other)
	if err != nil {
		t.Fatal(err)
	}
	thread := &clinic.Thread{PatientID: other, Subject: "Garner's question"}
	if err := s.db.StartThread(ctx, thread, "A message of Bo Garner"); err != nil {
		t.Fatal(err)
	}
	acct, err := s.db.PortalAccountFor(ctx, bo.Email)
	if err != nil {
		t.Fatal(err)
	}
	pk := &clinic.Passkey{AccountID: acct.ID, RPID: "clinic.example", CredentialID: []byte("bo's key"), Name: "Garner's phone", Record: []byte("{}")}
	if err := s.db.AddPasskey(ctx, pk); err != nil {
		t.Fatal(err)
	}
	ids := map[string]string{"{id}": itoa(thread.ID), "{patient}": itoa(other), "{appointment}": itoa(theirs.ID), "{passkey}": itoa(pk.ID)}
	for _, q := range c.Reviews {
		ids["{review}"] = itoa(q.ID)
	}
	secrets := []string{bo.Name, "Garner", bo.Email, bo.Phone, bo.DateOfBirth, "A message of"}
	routes := s.srv.PortalRoutes()
	if len(routes) == 0 {
		t.Fatal("no portal routes")
	}
	for _, pattern := range routes {
		method, path, _ := strings.Cut(pattern, " ")
		named := strings.Contains(path, "{") || pattern == "POST /portal/switch" // the switch names the patient in its form
		for k, v := range ids {
			path = strings.ReplaceAll(path, k, v)
		}
		if strings.Contains(path, "{") {
			t.Errorf("%s: a placeholder the test does not fill", pattern)
			continue
		}
		t.Run(pattern, func(t *testing.T) {
			var res *response
			if method == http.MethodGet {
				res = b.get(t, path)
			} else {
				res = b.post(t, path, url.Values{"id": {itoa(other)}, "patient": {itoa(other)}, "appointment": {itoa(theirs.ID)}, "subject": {"x"}, "body": {"hello"}})
			}
			if named && res.StatusCode != http.StatusNotFound {
				t.Errorf("status %d, want 404 for another's identifiers", res.StatusCode)
			}
			for _, sec := range secrets {
				if strings.Contains(res.body, sec) {
					t.Errorf("the answer holds the other patient's %q", sec)
				}
			}
		})
	}
	_ = mine
}

func TestPortalDownloadsEverythingAboutThePatient(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	id := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(72*time.Hour), bo)
	b := signInPatient(t, s, maria)
	b.post(t, "/portal/messages", url.Values{"subject": {"Parking"}, "body": {"Where do I park?"}})
	b.post(t, "/portal/forms/allergies", url.Values{"allergies": {"Penicillin: a rash"}})
	b.post(t, "/portal/forms/consent", url.Values{"consent_version": {clinic.ConsentVersion}, "signature": {maria.Name}})
	parent := &patientBrowser{s: s}
	parent.post(t, strings.TrimPrefix(portalLinkMail(t, s, parent, "parent@example.com"), testBase), nil)
	grant(t, frontDesk(t, s), id, "parent@example.com", "view", testNow.AddDate(0, 0, 5))
	res := b.get(t, "/portal/records.json")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("JSON: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	var got struct {
		Patient      clinic.Patient
		Appointments []clinic.Appointment
		Forms        []clinic.FormSubmission `json:"previsit_forms"`
		Threads      []clinic.Thread         `json:"portal_messages"`
		Guardians    []clinic.GuardianGrant  `json:"family_access"`
	}
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	if got.Patient.Name != maria.Name || len(got.Appointments) != 1 || got.Appointments[0].Patient.Email != maria.Email {
		t.Errorf("export: %+v", got)
	}
	if len(got.Forms) != 2 || got.Forms[1].Answers.Allergies != "Penicillin: a rash" || len(got.Threads) != 1 || len(got.Threads[0].Messages) != 1 ||
		got.Threads[0].Messages[0].Body != "Where do I park?" || len(got.Guardians) != 1 || got.Guardians[0].Email != "parent@example.com" {
		t.Errorf("the portal's part of the export: forms %+v, threads %+v, family %+v", got.Forms, got.Threads, got.Guardians)
	}
	if strings.Contains(res.body, bo.Email) {
		t.Error("the export holds another patient's email")
	}
	html := b.get(t, "/portal/records")
	if html.StatusCode != http.StatusOK || !strings.Contains(html.text(t, "dl"), maria.DateOfBirth) {
		t.Errorf("HTML: %d %q", html.StatusCode, html.text(t, "dl"))
	}
	for _, want := range []string{"Penicillin: a rash", "Signed" + maria.Name + ", Nov 25, 2026", "Where do I park?", "parent@example.com: view only"} {
		if !strings.Contains(html.text(t, "main"), want) {
			t.Errorf("the page does not show %q", want)
		}
	}
	es, _ := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "portal.export"})
	if len(es) != 2 {
		t.Errorf("%d downloads audited, want 2", len(es))
	}
}

func TestPortalMessagesAndTheCareTeamsInbox(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := signInPatient(t, s, maria)
	t.Run("bad messages are answered on the form", func(t *testing.T) {
		for _, f := range []url.Values{{"subject": {""}, "body": {"hi"}}, {"subject": {"Hi"}, "body": {"  "}},
			{"subject": {"a\nb"}, "body": {"hi"}}, {"subject": {"Hi"}, "body": {strings.Repeat("x", 5001)}}} {
			if res := b.post(t, "/portal/messages", f); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%v: %d", f, res.StatusCode)
			}
		}
	})
	var thread string
	t.Run("urgent words warn the patient to call or go to an emergency department", func(t *testing.T) {
		res := b.post(t, "/portal/messages", url.Values{"subject": {"Since Monday"}, "body": {"My leg is numb and I can't walk far"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%d %s", res.StatusCode, res.text(t, ".alert"))
		}
		thread = res.Header.Get("Location")
		page := b.get(t, thread)
		if !strings.Contains(page.text(t, ".alert.urgent"), "emergency department") {
			t.Errorf("warning %q", page.text(t, ".alert.urgent"))
		}
	})
	staff := frontDesk(t, s)
	t.Run("the care team sees it first, flagged, and answers", func(t *testing.T) {
		res := staff.get(t, "/admin/inbox")
		rows := res.all(t, "table.inbox tbody tr.urgent a")
		if len(rows) != 1 {
			t.Fatalf("%d urgent rows", len(rows))
		}
		href := attr(rows[0], "href")
		if res := staff.post(t, href, url.Values{"body": {""}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("an empty answer: %d", res.StatusCode)
		}
		if res := staff.post(t, href+"/assign", url.Values{"to": {"me"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("assign: %d", res.StatusCode)
		}
		if res := staff.post(t, href, url.Values{"body": {"Please call us now at the number below."}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("answer: %d", res.StatusCode)
		}
		ps, _ := s.db.SearchPatients(ctx, maria.Email, 1)
		chart := staff.get(t, "/admin/patients/"+itoa(ps[0].ID))
		if got := chart.all(t, `.chart-thread a[href="`+href+`"]`); len(got) != 1 || !strings.Contains(chart.text(t, ".chart-thread"), "Urgent") {
			t.Errorf("the chart's conversations: %q", chart.text(t, "section[aria-labelledby=h-threads]"))
		}
	})
	t.Run("the patient's email says only that there is a message", func(t *testing.T) {
		ms, err := s.db.ClaimMail(ctx, s.clock.now(), 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, m := range ms {
			if strings.HasPrefix(m.Kind, clinic.MailPortalMessage+":") {
				n++
				if err := s.srv.ComposeMail(ctx, m); err != nil {
					t.Fatal(err)
				}
				if m.To != maria.Email || strings.Contains(m.Body, "call us now") || !strings.Contains(m.Body, "/portal/messages") {
					t.Errorf("notice to %q: %q", m.To, m.Body)
				}
			}
		}
		if n != 1 {
			t.Errorf("%d notices", n)
		}
		if got := b.get(t, thread).text(t, "ol.thread"); !strings.Contains(got, "Please call us now") {
			t.Errorf("the thread: %q", got)
		}
	})
}

func TestAnAdminSwitchesPortalPartsOff(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	b := signInPatient(t, s, maria)
	admin, secret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	ab := s.browser()
	ab.signIn(t, admin.Email, secret)
	if res := ab.post(t, "/admin/portal", url.Values{"forms": {"on"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	home := b.get(t, "/portal/home")
	if n := len(home.all(t, `a[href^="/appointments/manage/"]`)); n != 0 {
		t.Errorf("%d manage links with self-scheduling off", n)
	}
	if n := len(home.all(t, `a[href="/portal/messages"]`)); n != 0 {
		t.Error("a link to messages while they are off")
	}
	for _, res := range []*response{b.get(t, "/portal/messages"), b.post(t, "/portal/messages", url.Values{"subject": {"Hi"}, "body": {"Hello"}})} {
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("messages while off: %d", res.StatusCode)
		}
	}
	es, _ := s.db.AuditEvents(context.Background(), clinic.AuditFilter{Action: "portal.settings"})
	if len(es) != 1 || es[0].Detail != "scheduling off, messages off, forms on" {
		t.Errorf("audit: %+v", es)
	}
}
