package auth

import (
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNewRecoveryCodes(t *testing.T) {
	codes, err := NewRecoveryCodes(10)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 10 {
		t.Fatalf("got %d codes, want 10", len(codes))
	}
	shape := regexp.MustCompile(`^[2-9a-km-np-z]{4}(-[2-9a-km-np-z]{4}){3}$`)
	seen := map[string]bool{}
	for _, c := range codes {
		if !shape.MatchString(c) {
			t.Errorf("code %q is not four groups of four from the readable alphabet", c)
		}
		if seen[c] {
			t.Errorf("code %q given twice", c)
		}
		seen[c] = true
	}
}

func TestNewRecoveryCodesRefusesCounts(t *testing.T) {
	for _, n := range []int{-1, 0, 101} {
		if _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) gave no error", n)
		}
	}
}

func TestRecoveryAlphabet(t *testing.T) {
	if len(recoveryAlphabet) != 32 {
		t.Errorf("the alphabet has %d characters; each byte maps to one without bias only with 32", len(recoveryAlphabet))
	}
	if regexp.MustCompile(`[01lo]`).MatchString(recoveryAlphabet) {
		t.Errorf("the alphabet %q holds a character easily misread", recoveryAlphabet)
	}
}

func TestHashRecoveryCode(t *testing.T) {
	want := HashRecoveryCode("k7fq-2m9x-p3hd-8wce")
	tests := []struct {
		name  string
		typed string
		same  bool
	}{
		{"the code as shown", "k7fq-2m9x-p3hd-8wce", true},
		{"capitals", "K7FQ-2M9X-P3HD-8WCE", true},
		{"no dashes", "k7fq2m9xp3hd8wce", true},
		{"spaces for dashes", "k7fq 2m9x p3hd 8wce", true},
		{"spaces around", "  k7fq-2m9x-p3hd-8wce\n", true},
		{"en dashes from a word processor", "k7fq–2m9x–p3hd–8wce", true},
		{"dashes in other places", "k7-fq2m-9xp3-hd8wce", true},
		{"one character changed", "k7fq-2m9x-p3hd-8wcf", false},
		{"one character missing", "k7fq-2m9x-p3hd-8wc", false},
		{"another code", "a2b3-c4d5-e6f7-g8h9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HashRecoveryCode(tt.typed) == want; got != tt.same {
				t.Errorf("HashRecoveryCode(%q) matches the shown code: %v, want %v", tt.typed, got, tt.same)
			}
		})
	}
	if diff := cmp.Diff(64, len(want)); diff != "" {
		t.Errorf("hash length (-want +got):\n%s", diff)
	}
}
