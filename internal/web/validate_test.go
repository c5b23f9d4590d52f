package web_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// vnuJar is where .ci/run installs the W3C Nu HTML checker (the vnu-jar
// package from npm); VNU_JAR names another copy.
var vnuJar = filepath.Join("..", "..", ".ci", "bin", "vnu", "node_modules", "vnu-jar", "build", "dist", "vnu.jar")

// validator returns the java command and the checker's jar, or skips the
// test with what is missing; under CI it fails instead.
func validator(t *testing.T) (java, jar string) {
	t.Helper()
	jar = vnuJar
	if env := os.Getenv("VNU_JAR"); env != "" {
		jar = env
	}
	var missing []string
	java, err := exec.LookPath("java")
	if err != nil {
		missing = append(missing, "java (Debian: apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(jar); err != nil {
		missing = append(missing, fmt.Sprintf("the Nu HTML checker at %s (npm install --prefix .ci/bin/vnu vnu-jar, or set VNU_JAR)", jar))
	}
	if len(missing) == 0 {
		return java, jar
	}
	msg := "the HTML checker cannot run without " + strings.Join(missing, " and ")
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg + "; .ci/run installs both")
	return "", ""
}

// checkedPage is a page to check: its path, the status it answers and
// its HTML.
type checkedPage struct {
	path   string
	status int
	body   string
}

// pagesToCheck gets every URL of the sitemap, the blog's other lists, a
// search, the 404 page, the booking pages from the choice of visit to a
// manage page and its move page, the waitlist form, the contact page and
// its thanks, and the back office's sign-in page.
func pagesToCheck(t *testing.T, s *site) []checkedPage {
	t.Helper()
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(s.get(t, "/sitemap.xml").body), &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) < 50 {
		t.Fatalf("the sitemap lists %d URLs; the demo site has more", len(sm.URLs))
	}
	var paths []string
	for _, u := range sm.URLs {
		paths = append(paths, strings.TrimPrefix(u.Loc, testBase))
	}
	choice := "type=new-consultation&location=seattle&doctor=dr-maya-lindqvist"
	paths = append(paths, "/blog/page/2", "/blog/tag/posture", "/blog/author/dr-maya-lindqvist", "/search?q=back+pain",
		"/appointments", "/appointments?"+choice, "/appointments/waitlist?"+choice, "/contact", "/contact/thanks", "/admin/sign-in")
	pages := []checkedPage{{path: "/no-such-page", status: http.StatusNotFound}}
	for _, p := range paths {
		pages = append(pages, checkedPage{path: p, status: http.StatusOK})
	}
	for i := range pages {
		pages[i].body = getChecked(t, s, pages[i].path, pages[i].status)
	}
	// The details form, read before its time is booked, then the manage
	// page of the booking.
	details := firstSlot(t, s, choice)
	pages = append(pages, checkedPage{path: details, status: http.StatusOK, body: getChecked(t, s, details, http.StatusOK)})
	booked := s.postForm(t, "/appointments/details", patientForm(t, s, details))
	if booked.StatusCode != http.StatusSeeOther {
		t.Fatalf("booking for the manage page: %d", booked.StatusCode)
	}
	manage := booked.Header.Get("Location")
	move, _, _ := strings.Cut(manage, "?")
	move += "/move"
	for _, p := range []string{manage, move} {
		pages = append(pages, checkedPage{path: p, status: http.StatusOK, body: getChecked(t, s, p, http.StatusOK)})
	}
	return pages
}

// getChecked returns the HTML page at path, which must answer status.
func getChecked(t *testing.T, s *site, path string, status int) string {
	t.Helper()
	r := s.get(t, path)
	if r.StatusCode != status || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("%s answers %d %s, want %d and HTML", path, r.StatusCode, r.Header.Get("Content-Type"), status)
	}
	return r.body
}

// vnuMessage is one message of the checker's JSON output.
type vnuMessage struct {
	Type     string // "error", "info" (subType "warning") or "non-document-error"
	SubType  string
	URL      string
	LastLine int
	Message  string
	Extract  string
}

// TestPagesAreValidHTML runs the W3C Nu HTML checker over the pages, in
// one JVM: any error fails the test; warnings are logged.
func TestPagesAreValidHTML(t *testing.T) {
	t.Parallel()
	java, jar := validator(t)
	pages := append(pagesToCheck(t, newSite(t)), questionnairePagesToCheck(t)...)
	dir := t.TempDir()
	byFile := map[string]string{}
	// One short run: the client compiler alone and the serial collector
	// start soonest; the checker's schema then needs a deeper stack.
	args := []string{"-Xss16m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar, "--format", "json", "--stdout"}
	for i, p := range pages {
		file := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		if err := os.WriteFile(file, []byte(p.body), 0o600); err != nil {
			t.Fatal(err)
		}
		byFile["file:"+file] = p.path
		args = append(args, file)
	}
	messages := runValidator(t, java, args)
	errs := 0
	for _, m := range messages {
		where := fmt.Sprintf("%s line %d: %s\n\t%s", byFile[m.URL], m.LastLine, m.Message, strings.TrimSpace(m.Extract))
		switch {
		case m.Type == "info" && m.SubType == "warning":
			t.Logf("warning: %s", where)
		case m.Type != "info":
			errs++
			t.Errorf("%s: %s", m.Type, where)
		}
	}
	t.Logf("checked %d pages: %d errors", len(pages), errs)
}

// runValidator runs the checker and returns its messages. It exits 1
// when it found errors; anything else that is not JSON is a failure.
func runValidator(t *testing.T, java string, args []string) []vnuMessage {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(t.Context(), java, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if exit := (*exec.ExitError)(nil); err != nil && !(errors.As(err, &exit) && exit.ExitCode() == 1) {
		t.Fatalf("%s: %v\n%s", cmd, err, stderr.String())
	}
	var out struct{ Messages []vnuMessage }
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("the checker's output is not JSON: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	return out.Messages
}
