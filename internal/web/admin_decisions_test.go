package web_test

import (
	"net/http"
	"net/url"
	"testing"
)

// TestStaffDecisionsRefuseBadInput: deciding a pair of possible
// duplicates and taking a conversation, with an address or a choice
// that is not one: a 4xx that says so, never a 500.
func TestStaffDecisionsRefuseBadInput(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	b := frontDesk(t, s)
	for _, tt := range []struct {
		name, path, to string
		want           int
	}{
		{"a pair whose id is not a number", "/admin/duplicates/x", "merged", http.StatusNotFound},
		{"a pair that does not exist", "/admin/duplicates/999999", "merged", http.StatusNotFound},
		{"a choice that is not one", "/admin/duplicates/1", "delete everything", http.StatusBadRequest},
		{"no choice", "/admin/duplicates/1", "", http.StatusBadRequest},
		{"a conversation whose id is not a number", "/admin/inbox/x/assign", "me", http.StatusNotFound},
		{"a conversation that does not exist", "/admin/inbox/999999/assign", "me", http.StatusNotFound},
		{"someone else than me or no one", "/admin/inbox/1/assign", "boss", http.StatusBadRequest},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if res := b.post(t, tt.path, url.Values{"to": {tt.to}}); res.StatusCode != tt.want {
				t.Errorf("%d, want %d: %s", res.StatusCode, tt.want, res.text(t, ".alert, .problem, main p"))
			}
		})
	}
}
