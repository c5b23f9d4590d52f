package auth

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"

	"clinic"
)

const (
	tooShort = "Use at least 8 characters. A few words with spaces between them are easy to remember."
	tooLongM = "Use at most 128 characters."
	common   = "That password is on a list of passwords attackers try first. Choose another."
	run      = "That password is one character repeated or a run like abcdefgh, which attackers try first. Choose another."
	unread   = "That password holds characters we cannot read. Type it again or choose another."
)

func TestCheckPassword(t *testing.T) {
	tests := []struct {
		name string
		pw   string
		want string // the message shown, or "" when the password is fine
	}{
		{"seven characters are refused", "k7#fq2m", tooShort},
		{"eight characters are enough", "k7#fq2m9", ""},
		{"128 characters are allowed", strings.Repeat("k7#q", 32), ""},
		{"129 characters are refused", strings.Repeat("k7#q", 32) + "x", tooLongM},
		{"a long passphrase with emoji is fine", "my 🐕 Biscuit eats 🥕 and 🍎 every morning", ""},
		{"eight emoji are eight characters", "🐕🥕🍎🌧☕🚲🎸🌵", ""},
		{"seven emoji are too few", "🐕🥕🍎🌧☕🚲🎸", tooShort},
		{"an emoji joined from seven code points counts as seven", "👨\u200d👩\u200d👧\u200d👦x", ""},
		{"four accented letters typed with combining accents are four characters", "e\u0301e\u0301e\u0301e\u0301", tooShort},
		{"accents typed with combining marks count once each", "cafe\u0301 au lait", ""},
		{"spaces are characters like any other", "  a b c  ", ""},
		{"a common password is refused", "password", common},
		{"a common password in capitals is refused", "PASSWORD", common},
		{"a common password in mixed case is refused", "PassWord1", common},
		{"another common password is refused", "iloveyou", common},
		{"a common password in full-width letters is refused", "ｐａｓｓｗｏｒｄ", common},
		{"a common password with a word added is fine", "password for the clinic", ""},
		{"one character repeated is refused", "aaaaaaaa", run},
		{"only spaces are refused", "        ", run},
		{"an ascending run is refused", "abcdefgh", run},
		{"a descending run is refused", "98765432", run},
		{"invalid UTF-8 is refused", "k7#fq2m9\xff", unread},
		{"a truncated UTF-8 sequence is refused", "k7#fq2m9\xf0\x9f", unread},
		{"a megabyte is refused without counting", strings.Repeat("x", 1<<20), tooLongM},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckPassword(tt.pw)
			if diff := cmp.Diff(tt.want, message(t, err)); diff != "" {
				t.Errorf("CheckPassword(%.40q) (-want +got):\n%s", tt.pw, diff)
			}
		})
	}
}

// message returns the message of an EInvalid error, or "" for nil.
func message(t *testing.T, err error) string {
	t.Helper()
	if err == nil {
		return ""
	}
	if kind := clinic.ErrorKind(err); kind != clinic.EInvalid {
		t.Errorf("error kind %q, want %q", kind, clinic.EInvalid)
	}
	return clinic.ErrorMessage(err)
}

func TestEmojiPassphraseVerifies(t *testing.T) {
	pw := "my 🐕 Biscuit eats 🥕 and 🍎 every morning"
	encoded := hashWith(cheap, pw)
	if ok, _, err := Verify(encoded, pw); !ok || err != nil {
		t.Errorf("Verify = %v, %v; want true, nil", ok, err)
	}
	if ok, _, _ := Verify(encoded, strings.TrimSuffix(pw, "g")); ok {
		t.Error("a password missing its last letter verifies")
	}
}

func TestCommonPasswordList(t *testing.T) {
	lines := strings.Split(strings.TrimSuffix(commonPasswordList, "\n"), "\n")
	if len(lines) < 10000 {
		t.Errorf("the list has %d entries, want more than 10,000", len(lines))
	}
	seen := map[string]bool{}
	for _, pw := range lines {
		switch {
		case utf8.RuneCountInString(pw) < minPasswordLen:
			t.Errorf("%q is shorter than any allowed password", pw)
		case pw != strings.ToLower(pw):
			t.Errorf("%q is not lower case; lookups would miss it", pw)
		case seen[pw]:
			t.Errorf("%q is listed twice", pw)
		}
		seen[pw] = true
	}
	if len(commonPasswords()) != len(lines) {
		t.Errorf("the set has %d entries, the list %d lines", len(commonPasswords()), len(lines))
	}
}

func BenchmarkCheckPassword(b *testing.B) {
	commonPasswords()
	for b.Loop() {
		CheckPassword("my 🐕 Biscuit eats 🥕 and 🍎 every morning")
	}
}
