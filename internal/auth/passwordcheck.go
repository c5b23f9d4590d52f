package auth

import (
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"clinic"
)

// Password length limits, in Unicode code points of the NFKC form. NIST SP
// 800-63B counts each code point as one character; after NFKC an accented
// letter is one code point however it was typed. An emoji built of several
// code points (a family, a flag) counts as several, which only helps
// toward the minimum.
const (
	minPasswordLen = 8
	maxPasswordLen = 128
	// maxPasswordBytes bounds the work done on input before counting: 128
	// code points of 4 bytes, with room for decomposed forms.
	maxPasswordBytes = 4 * 1024
)

// commonPasswordList holds passwords of 8 or more characters that appear
// most often in leaked password sets, lower case, one a line. README.md
// says where it comes from and under which licence.
//
//go:embed common-passwords.txt
var commonPasswordList string

// commonPasswords is the set of commonPasswordList, built on first use.
var commonPasswords = sync.OnceValue(func() map[string]struct{} {
	set := make(map[string]struct{}, strings.Count(commonPasswordList, "\n"))
	for line := range strings.Lines(commonPasswordList) {
		set[strings.TrimRight(line, "\r\n")] = struct{}{}
	}
	return set
})

// CheckPassword returns an EInvalid error whose message tells a person
// what is wrong with pw as a new password, or nil. Any character is
// allowed and nothing is cut off (argon2 reads the whole password, unlike
// bcrypt, which ignores what lies past 72 bytes); it must be 8 to 128
// characters long, not one character repeated or a straight run like
// "abcdefgh", and not on the list of common passwords in any mix of case.
func CheckPassword(pw string) error {
	if !utf8.ValidString(pw) {
		return clinic.Errorf(clinic.EInvalid, "That password holds characters we cannot read. Type it again or choose another.")
	}
	if len(pw) > maxPasswordBytes {
		return tooLong()
	}
	pw = norm.NFKC.String(pw)
	switch n := utf8.RuneCountInString(pw); {
	case n < minPasswordLen:
		return clinic.Errorf(clinic.EInvalid, "Use at least %d characters. A few words with spaces between them are easy to remember.", minPasswordLen)
	case n > maxPasswordLen:
		return tooLong()
	}
	if isRun(pw) {
		return clinic.Errorf(clinic.EInvalid, "That password is one character repeated or a run like abcdefgh, which attackers try first. Choose another.")
	}
	if _, found := commonPasswords()[strings.ToLower(pw)]; found {
		return clinic.Errorf(clinic.EInvalid, "That password is on a list of passwords attackers try first. Choose another.")
	}
	return nil
}

func tooLong() error {
	return clinic.Errorf(clinic.EInvalid, "Use at most %d characters.", maxPasswordLen)
}

// isRun reports whether each character of s is the one before it, or the
// one after it, or the same, all the way through: "aaaaaaaa", "abcdefgh",
// "87654321".
func isRun(s string) bool {
	r := []rune(s)
	if len(r) < 2 {
		return true
	}
	step := r[1] - r[0]
	if step < -1 || step > 1 {
		return false
	}
	for i := 2; i < len(r); i++ {
		if r[i]-r[i-1] != step {
			return false
		}
	}
	return true
}
