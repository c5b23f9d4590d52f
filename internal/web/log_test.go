package web_test

import (
	"bytes"
	"log/slog"
	"net/url"
	"strings"
	"testing"
)

func TestRequestLogsCarryNoPatientData(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	s := newSiteLogging(t, slog.New(slog.NewTextHandler(&logs, nil)))
	s.get(t, "/search?q=Jane+Doe+sciatica+since+my+fall")
	s.get(t, "/blog/no-such-post-jane-doe")
	s.postForm(t, "/contact", url.Values{"name": {"Jane Doe"}, "email": {"jane.doe@example.com"}, "phone": {"(206) 555-0199"}, "message": {"My sciatica started after a fall."}})
	s.postForm(t, "/contact", url.Values{"name": {"Jane Doe"}, "email": {"not-an-email"}, "message": {"My sciatica again"}})
	out := logs.String()
	for _, phi := range []string{"Jane", "jane.doe", "555-0199", "sciatica", "fall", "q=", "no-such-post"} {
		if strings.Contains(out, phi) {
			t.Errorf("the log carries %q:\n%s", phi, out)
		}
	}
	for _, want := range []string{`route="GET /search"`, `route="GET /blog/{slug}"`, `route="POST /contact"`, "status=303", "status=422", "status=404", "duration=", "id="} {
		if !strings.Contains(out, want) {
			t.Errorf("the log lacks %s:\n%s", want, out)
		}
	}
}
