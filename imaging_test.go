package clinic

import (
	"strings"
	"testing"
	"time"
)

// TestReviewRequestMessagesRead checks that what the MRI review form says
// about a field it refuses reads as a sentence.
func TestReviewRequestMessagesRead(t *testing.T) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	q := &ReviewRequest{Name: "Ana Example", BirthDate: "1970-01-01", Email: "ana@example.com", Phone: "(206) 555-0142",
		Complaint: strings.Repeat("a", MaxReviewTextLen+1), Since: strings.Repeat("b", MaxSinceLen+1),
		Question: strings.Repeat("c", MaxReviewTextLen+1), Consent: true}
	errs := q.Validate(now)
	for field, want := range map[string]string{
		"complaint": "Please shorten your answer to where it hurts to at most",
		"since":     "Please shorten your answer to since when it hurts to at most",
		"question":  "Please shorten your question to at most",
	} {
		if !strings.HasPrefix(errs[field], want) {
			t.Errorf("%s: %q, want it to start %q", field, errs[field], want)
		}
	}
}
