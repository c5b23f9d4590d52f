package web_test

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clinic"
)

// TestPortalPagesAreValidHTML runs the W3C Nu HTML checker over the
// portal's pages, as a patient and a guardian see them, and the chart
// with forms and guardians on it.
func TestPortalPagesAreValidHTML(t *testing.T) {
	t.Parallel()
	java, jar := validator(t)
	s := newFormSite(t)
	id := patientOf(t, s.site, bookFor(t, s.site, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria))
	b := signInPatient(t, s.site, maria)
	b.post(t, "/portal/forms/allergies", url.Values{"allergies": {"Penicillin: a rash"}})
	b.post(t, "/portal/messages", url.Values{"subject": {"Parking"}, "body": {"Where do I park?"}})
	staff := frontDesk(t, s.site)
	grant(t, staff, id, bo.Email, "view", testNow.AddDate(0, 0, 5))
	pages := map[string]string{"sign-in": s.get(t, "/portal/sign-in").body, "sign-up": s.get(t, "/portal/sign-up").body,
		"password sign-in": s.get(t, "/portal/sign-in/password").body, "chart": staff.get(t, "/admin/patients/"+itoa(id)).body,
		"bad form": b.post(t, "/portal/forms/consent", url.Values{"consent_version": {clinic.ConsentVersion}}).body}
	for _, p := range []string{"/portal/home", "/portal/passkeys", "/portal/forms", "/portal/messages", "/portal/messages/1", "/portal/records",
		"/portal/account", "/portal/correction", "/portal/account/password"} {
		pages[p] = b.get(t, p).body
	}
	for _, k := range clinic.FormKinds {
		pages[k] = b.get(t, "/portal/forms/"+k).body
	}
	dir := t.TempDir()
	byFile := map[string]string{}
	args := []string{"-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--format", "json", "--stdout"}
	i := 0
	for name, body := range pages {
		if !strings.Contains(body, "<!doctype html>") {
			t.Errorf("%s is not a page", name)
			continue
		}
		file := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		i++
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		byFile["file:"+file] = name
		args = append(args, file)
	}
	for _, m := range runValidator(t, java, args) {
		if m.Type != "info" {
			t.Errorf("%s line %d: %s\n\t%s", byFile[m.URL], m.LastLine, m.Message, strings.TrimSpace(m.Extract))
		}
	}
}
