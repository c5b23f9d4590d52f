package web_test

import (
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"clinic"
	"clinic/internal/dicom/dicomtest"
)

// TestMRIPagesAreValidHTML checks every page of the free MRI review, the
// patient's and the back office's, with the W3C Nu HTML checker.
func TestMRIPagesAreValidHTML(t *testing.T) {
	t.Parallel()
	java, jar := validator(t)
	m := newMRISite(t, 1<<30)
	pages := map[string]string{}
	keep := func(name string, res *response, want int) {
		if res.StatusCode != want {
			t.Fatalf("%s: status %d, want %d", name, res.StatusCode, want)
		}
		pages[name] = res.body
	}
	p := m.patient("192.0.2.120:1000")
	keep("form with errors", p.post(t, "/mri-review", withField(validForm(), "email", "x")), http.StatusUnprocessableEntity)
	p = m.start(t, "192.0.2.121:1000")
	keep("upload", p.get(t, "/mri-review/upload"), http.StatusOK)
	cd, _ := dicomtest.StudyCD(2, 3)
	p.uploadAll(t, "CD", cd.Files)
	p.upload(t, "notes.txt", []byte("notes"))
	m.read(t)
	keep("summary", p.get(t, "/mri-review/summary"), http.StatusOK)
	p.post(t, "/mri-review/send", nil)
	keep("sent", p.get(t, "/mri-review/sent"), http.StatusOK)
	doc, secret := m.staffUser(t, "doc@example.com", clinic.RoleProvider, true)
	b := m.browser()
	b.signIn(t, doc.Email, secret)
	keep("queue", b.get(t, "/admin/reviews"), http.StatusOK)
	qs, _ := m.db.Reviews(t.Context(), "")
	base := fmt.Sprintf("/admin/reviews/%d", qs[0].ID)
	keep("request", b.get(t, base), http.StatusOK)
	keep("viewer", b.get(t, base+"/viewer"), http.StatusOK)
	b.post(t, base+"/findings", map[string][]string{"findings": {"Normal."}, "recommendation": {"Walk."}, "action": {"send"}})
	keep("request answered", b.get(t, base), http.StatusOK)

	dir := t.TempDir()
	args := []string{"-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--format", "json", "--stdout"}
	byFile := map[string]string{}
	for name, body := range pages {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "-")+".html")
		if err := os.WriteFile(file, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		byFile["file:"+file] = name
		args = append(args, file)
	}
	for _, msg := range runValidator(t, java, args) {
		if msg.Type != "info" {
			t.Errorf("%s line %d: %s\n\t%s", byFile[msg.URL], msg.LastLine, msg.Message, strings.TrimSpace(msg.Extract))
		}
	}
}
