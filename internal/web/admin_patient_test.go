package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"clinic"
)

// bookFor books a patient with a clinician straight into the store and
// links the booking to a record.
func bookFor(t *testing.T, s *site, provider string, start time.Time, p clinic.PatientDetails) *clinic.Appointment {
	t.Helper()
	a := &clinic.Appointment{Type: "follow-up", Provider: provider, Location: "seattle", Start: start, End: start.Add(20 * time.Minute),
		Buffer: 10 * time.Minute, Patient: p}
	if _, err := s.db.Book(context.Background(), a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.LinkRecords(context.Background(), 100); err != nil {
		t.Fatal(err)
	}
	return a
}

var (
	maria = clinic.PatientDetails{Name: "María García-López", DateOfBirth: "1968-04-21", Phone: "206-555-0142", Email: "maria@example.com"}
	bo    = clinic.PatientDetails{Name: "Bo Garner", DateOfBirth: "1980-05-05", Phone: "206-555-0199", Email: "bo@example.com"}
)

func patientOf(t *testing.T, s *site, a *clinic.Appointment) int64 {
	t.Helper()
	ps, err := s.db.SearchPatients(context.Background(), a.Patient.Email, 5)
	if err != nil || len(ps) != 1 {
		t.Fatalf("record of %s: %v, %v", a.Patient.Name, ps, err)
	}
	return ps[0].ID
}

func TestStaffFindPatientsAndOpenTheirCharts(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	a := bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	id := patientOf(t, s, a)

	t.Run("a search by a prefix of a name finds the record, and only the count is audited", func(t *testing.T) {
		res := b.post(t, "/admin/patients", url.Values{"q": {"Gar"}})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("search: %d", res.StatusCode)
		}
		if got := res.text(t, ".patient-results tbody"); !strings.Contains(got, "María García-López") {
			t.Errorf("results %q", got)
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.search"})
		if len(es) != 1 || es[0].Detail != "1 found" || strings.Contains(es[0].Detail, "Gar") {
			t.Errorf("audit: %+v", es)
		}
	})
	t.Run("bad searches are answered on the form", func(t *testing.T) {
		for _, q := range []string{"", "02/30/1990", "555-01", strings.Repeat("x", 300), "a b c d e f g"} {
			res := b.post(t, "/admin/patients", url.Values{"q": {q}})
			if res.StatusCode != http.StatusUnprocessableEntity || res.text(t, ".alert") == "" {
				t.Errorf("search %q: %d %q", q, res.StatusCode, res.text(t, ".alert"))
			}
		}
	})
	t.Run("the chart shows the appointment and who looked, and its opening is audited first", func(t *testing.T) {
		res := b.get(t, "/admin/patients/"+itoa(id))
		if res.StatusCode != http.StatusOK {
			t.Fatalf("chart: %d", res.StatusCode)
		}
		if got := res.text(t, "#h-upcoming + table"); !strings.Contains(got, "follow-up") {
			t.Errorf("upcoming: %q", got)
		}
		if got := res.text(t, "#h-looked + table"); !strings.Contains(got, "patient.read") {
			t.Errorf("who looked: %q", got)
		}
	})
	t.Run("booking from the chart fills the form and links the booking to the record", func(t *testing.T) {
		res := b.get(t, "/admin/patients/"+itoa(id)+"/book")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("book: %d", res.StatusCode)
		}
		form := url.Values{}
		for _, n := range res.all(t, "form input[name], form select[name]") {
			form.Set(attr(n, "name"), attr(n, "value"))
		}
		if form.Get("name") != maria.Name || !strings.HasPrefix(form.Get("key"), "p") {
			t.Fatalf("form: %v", form)
		}
		form.Set("type", "follow-up")
		form.Set("provider", "dr-samuel-okafor")
		form.Set("location", "seattle")
		form.Set("start", testNow.Add(72*time.Hour).In(mustZone(t)).Format("2006-01-02T15:04"))
		form.Set("extra", "yes")
		if res := b.post(t, "/admin/appointments/new", form); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("booked: %d %s", res.StatusCode, res.text(t, ".alert"))
		}
		if _, err := s.db.LinkRecords(ctx, 100); err != nil {
			t.Fatal(err)
		}
		c, err := s.db.PatientChart(ctx, id)
		if err != nil || len(c.Appointments) != 2 {
			t.Errorf("chart after booking from it: %d appointments, %v", len(c.Appointments), err)
		}
		if ds, _ := s.db.Duplicates(ctx, ""); len(ds) != 0 {
			t.Errorf("booking from the chart made a possible duplicate: %v", ds)
		}
	})
	t.Run("an unknown record is a 404", func(t *testing.T) {
		for _, path := range []string{"/admin/patients/999999", "/admin/patients/x", "/admin/patients/-1/book"} {
			if res := b.get(t, path); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: %d", path, res.StatusCode)
			}
		}
	})
}

func TestProvidersSeeTheirOwnPatientsAndBreakTheGlassForOthers(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	admin, adminSecret := s.staffUser(t, "admin@example.com", clinic.RoleAdmin, true)
	doc, secret := s.staffUser(t, "okafor@example.com", clinic.RoleProvider, true)
	ab := s.browser()
	ab.signIn(t, admin.Email, adminSecret)
	if res := ab.post(t, "/admin/users/"+itoa(doc.ID)+"/doctor", url.Values{"doctor": {"dr-samuel-okafor"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("link the doctor page: %d %s", res.StatusCode, res.text(t, ".alert"))
	}
	if res := ab.post(t, "/admin/users/"+itoa(doc.ID)+"/doctor", url.Values{"doctor": {"no such page"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a made-up doctor page: %d", res.StatusCode)
	}
	own := patientOf(t, s, bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	other := patientOf(t, s, bookFor(t, s, "dr-maya-lindqvist", testNow.Add(48*time.Hour), bo))
	b := s.browser()
	b.signIn(t, doc.Email, secret)

	t.Run("a search shows their own patient and counts the others", func(t *testing.T) {
		res := b.post(t, "/admin/patients", url.Values{"q": {"gar"}})
		got := res.text(t, ".patient-results tbody")
		if !strings.Contains(got, "María") || strings.Contains(got, "Bo Garner") || !strings.Contains(res.text(t, ".hidden-count"), "1 more record") {
			t.Errorf("results %q, hidden %q", got, res.text(t, ".hidden-count"))
		}
	})
	t.Run("another's patient's form cannot be accepted", func(t *testing.T) {
		f := &clinic.FormSubmission{PatientID: other, Kind: clinic.FormAllergies, Answers: clinic.FormAnswers{Allergies: "Penicillin"}}
		if err := s.db.SubmitForm(ctx, f); err != nil {
			t.Fatal(err)
		}
		if res := b.post(t, "/admin/patients/"+itoa(other)+"/forms/"+itoa(f.ID)+"/accept", nil); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
			t.Errorf("accept: %d", res.StatusCode)
		}
		if fs, _ := s.db.PatientForms(ctx, other); len(fs) != 1 || fs[0].Status != clinic.FormNew {
			t.Errorf("the form after a refused accept: %+v", fs)
		}
	})
	t.Run("their own patient's chart opens", func(t *testing.T) {
		if res := b.get(t, "/admin/patients/"+itoa(own)); res.StatusCode != http.StatusOK || res.text(t, "h1") != maria.Name {
			t.Errorf("own chart: %d %q", res.StatusCode, res.text(t, "h1"))
		}
	})
	t.Run("another's patient asks for a reason and shows nothing of them", func(t *testing.T) {
		res := b.get(t, "/admin/patients/"+itoa(other))
		if strings.Contains(res.body, "Garner") || res.all(t, `form[action$="/glass"]`) == nil {
			t.Errorf("glass page: %d %q", res.StatusCode, res.text(t, "h1"))
		}
		for _, reason := range []string{"", "curious"} {
			if res := b.post(t, "/admin/patients/"+itoa(other)+"/glass", url.Values{"reason": {reason}}); res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("reason %q: %d", reason, res.StatusCode)
			}
		}
	})
	t.Run("breaking the glass with a reason opens it, audited", func(t *testing.T) {
		if res := b.post(t, "/admin/patients/"+itoa(other)+"/glass", url.Values{"reason": {"Emergency care"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("glass: %d", res.StatusCode)
		}
		if res := b.get(t, "/admin/patients/"+itoa(other)); res.text(t, "h1") != bo.Name {
			t.Errorf("after the glass: %q", res.text(t, "h1"))
		}
		es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.break_glass", ActorID: doc.ID})
		if len(es) != 1 || es[0].Detail != "Emergency care" {
			t.Errorf("audit: %+v", es)
		}
	})
	t.Run("the glass closes again after twelve hours", func(t *testing.T) {
		s.clock.advance(13 * time.Hour)
		b.signIn(t, doc.Email, secret)
		if res := b.get(t, "/admin/patients/"+itoa(other)); strings.Contains(res.body, "Garner") {
			t.Error("the record is still open")
		}
	})
}

func TestStaffMergeAndKeepApartPossibleDuplicates(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ctx := context.Background()
	b := frontDesk(t, s)
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	again := maria
	again.Phone, again.Email = "206-555-0111", "maria.g@example.com"
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(72*time.Hour), again)
	res := b.get(t, "/admin/duplicates")
	forms := res.all(t, ".dup-pair form")
	if len(forms) != 1 {
		t.Fatalf("%d pairs listed", len(forms))
	}
	action := attr(forms[0], "action")
	steps := []struct{ to, want string }{
		{"nonsense", "400"}, {"confirmed", "409"}, {"merged", "303"}, {"open", "303"}, {"merged", "303"}, {"confirmed", "303"}, {"open", "409"},
	}
	for _, st := range steps {
		res := b.post(t, action, url.Values{"to": {st.to}})
		if got := itoa(int64(res.StatusCode)); got != st.want {
			t.Errorf("%s: %s, want %s", st.to, got, st.want)
		}
	}
	es, _ := s.db.AuditEvents(ctx, clinic.AuditFilter{Action: "patient.duplicate"})
	if len(es) != len(steps) {
		t.Errorf("%d decisions audited, want %d (refusals too)", len(es), len(steps))
	}
	ps, _ := s.db.SearchPatients(ctx, "maria.g@example.com", 5)
	if len(ps) != 1 {
		t.Fatal(ps)
	}
	if c, _ := s.db.PatientChart(ctx, ps[0].ID); c == nil || len(c.Appointments) != 2 {
		t.Errorf("the merged chart: %+v", c)
	}
}
