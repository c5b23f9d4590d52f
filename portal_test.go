package clinic

import (
	"strings"
	"testing"
)

func TestUrgentSigns(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"I can't walk since this morning", true},
		{"I cannot walk far", true},
		{"My leg is NUMB", true},
		{"trouble with my bladder", true},
		{"Numbness in the saddle area", true},
		{"I can’t walk", true},
		{"Can I reschedule my walk-in visit?", false},
		{"My back hurts less, thank you", false},
		{"The numbers on my bill", false},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			if got := UrgentSigns(c.text); got != c.want {
				t.Errorf("UrgentSigns(%q) = %v, want %v", c.text, got, c.want)
			}
		})
	}
}

func TestMessageValidate(t *testing.T) {
	cases := []struct {
		name, subject, body, field string
	}{
		{"no subject", "", "hello", "subject"},
		{"a subject on two lines", "a\nb", "hello", "subject"},
		{"no message", "Question", "  ", "body"},
		{"a message too long", "Question", strings.Repeat("x", MaxMessageBodyLen+1), "body"},
		{"a message with a NUL", "Question", "a\x00b", "body"},
	}
	for _, c := range cases {
		t.Run(c.name+" is refused", func(t *testing.T) {
			m := &Message{Body: strings.TrimSpace(c.body)}
			if errs := m.Validate(c.subject, true); errs[c.field] == "" {
				t.Errorf("errors %v, want one for %s", errs, c.field)
			}
		})
	}
}

func FuzzUrgentSigns(f *testing.F) {
	f.Add("I can't walk")
	f.Add("my back")
	f.Fuzz(func(t *testing.T, s string) {
		if !UrgentSigns(s + " numb") {
			t.Fatalf("%q followed by a word of an urgent sign was not urgent", s)
		}
		if UrgentSigns(s) != UrgentSigns(" "+s+" ") {
			t.Fatalf("%q: spaces around it changed the answer", s)
		}
	})
}
