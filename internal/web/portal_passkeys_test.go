package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestPasskeyAnswersRefuseBadInput sends the passkey endpoints what no
// browser running the page's script sends: each is a 4xx with a JSON
// message the script can show, never a 500.
func TestPasskeyAnswersRefuseBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bookFor(t, s, "dr-samuel-okafor", testNow.Add(48*time.Hour), maria)
	signedIn := signInPatient(t, s, maria)
	stranger := &patientBrowser{s: s}
	for _, who := range []struct {
		name string
		b    *patientBrowser
		path string
	}{
		{"sign-in", stranger, "/portal/passkey/sign-in"},
		{"adding one", signedIn, "/portal/passkeys"},
	} {
		for _, tt := range []struct {
			name, contentType, body string
		}{
			{"a form instead of JSON", "application/x-www-form-urlencoded", "id=x"},
			{"JSON cut short", "application/json", "{"},
			{"too long", "application/json", `{"id":"` + strings.Repeat("a", 40<<10) + `"}`},
			{"no ceremony begun", "application/json", `{"id":"x","type":"public-key","response":{}}`},
			{"an empty body", "application/json", ""},
		} {
			t.Run(who.name+": "+tt.name, func(t *testing.T) {
				req := httptest.NewRequest(http.MethodPost, who.path, strings.NewReader(tt.body))
				req.Header.Set("Content-Type", tt.contentType)
				res := who.b.send(t, req)
				var answer struct{ Error string }
				if res.StatusCode < 400 || res.StatusCode >= 500 || json.Unmarshal([]byte(res.body), &answer) != nil || answer.Error == "" {
					t.Errorf("%d %q", res.StatusCode, res.body)
				}
			})
		}
	}
}
