// Package clinic holds the domain of a spine and pain clinic's website and
// patient intake: its content, its leads and the services that store them.
// It imports only the standard library; internal/store implements the
// services, internal/web serves them and cmd/clinic wires the two.
package clinic

import (
	"strings"
	"unicode"
)

// Slugify turns a name into a URL slug: lower-case ASCII letters and digits
// joined by single hyphens. Letters with accents lose them where the
// Latin-1 table below knows how; other runes are dropped.
func Slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if f, ok := folds[r]; ok {
			r = f
		}
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
	}
	return b.String()
}

var folds = map[rune]rune{
	'à': 'a', 'á': 'a', 'â': 'a', 'ã': 'a', 'ä': 'a', 'å': 'a', 'ç': 'c',
	'è': 'e', 'é': 'e', 'ê': 'e', 'ë': 'e', 'ì': 'i', 'í': 'i', 'î': 'i',
	'ï': 'i', 'ñ': 'n', 'ò': 'o', 'ó': 'o', 'ô': 'o', 'õ': 'o', 'ö': 'o',
	'ù': 'u', 'ú': 'u', 'û': 'u', 'ü': 'u', 'ý': 'y', 'ÿ': 'y',
}

// ValidSlug reports whether s is a slug as Slugify makes them.
func ValidSlug(s string) bool {
	return s != "" && len(s) <= 200 && Slugify(s) == s
}
