package content

import (
	"math"
	"net/url"
	"slices"
	"strings"
	"time"

	"clinic"
)

// Checks of one file's front matter that need nothing but the file.

// required fails on the first of the key, value pairs whose value is empty.
func required(f *File, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if strings.TrimSpace(pairs[i+1]) == "" {
			return f.keyErrorf(pairs[i], "%q is required", pairs[i])
		}
	}
	return nil
}

func oneOf(f *File, key, value string, allowed ...string) error {
	if !slices.Contains(allowed, value) {
		return f.keyErrorf(key, "%s %q is not one of %s", key, value, strings.Join(allowed, ", "))
	}
	return nil
}

// slugRef checks a key that names another item by slug; empty is allowed.
func slugRef(f *File, key, value string) error {
	if value != "" && !clinic.ValidSlug(value) {
		return f.keyErrorf(key, "%s %q is not a slug: lower-case letters, digits and single hyphens", key, value)
	}
	return nil
}

// slugList checks a list of slugs: each valid, none twice.
func slugList(f *File, key string, list []string) error {
	for i, s := range list {
		if err := slugRef(f, key, s); err != nil {
			return err
		}
		if slices.Contains(list[:i], s) {
			return f.keyErrorf(key, "%s lists %q twice", key, s)
		}
	}
	return nil
}

// names checks a list of names such as specialties or tags: none empty and
// none twice, comparing their slugs.
func names(f *File, key string, list []string) error {
	seen := make(map[string]bool, len(list))
	for _, s := range list {
		slug := clinic.Slugify(s)
		if slug == "" {
			return f.keyErrorf(key, "%s has an entry %q with no letters or digits", key, s)
		}
		if seen[slug] {
			return f.keyErrorf(key, "%s lists %q twice", key, s)
		}
		seen[slug] = true
	}
	return nil
}

// webURL checks an optional absolute http or https URL.
func webURL(f *File, key, value string) error {
	if value == "" {
		return nil
	}
	u, err := url.Parse(value)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return f.keyErrorf(key, "%s %q is not an http or https URL", key, value)
	}
	return nil
}

func between(f *File, key string, v, lo, hi float64) error {
	if math.IsNaN(v) || v < lo || v > hi {
		return f.keyErrorf(key, "%s %v is not between %v and %v", key, v, lo, hi)
	}
	return nil
}

func notNegative(f *File, key string, v int) error {
	if v < 0 {
		return f.keyErrorf(key, "%s %d is negative", key, v)
	}
	return nil
}

// noBody fails when a file that has only front matter has a body.
func noBody(f *File) error {
	if f.Body != "" {
		line := f.BodyLine + len(f.Body) - len(strings.TrimLeft(f.Body, "\n"))
		return f.errorf(line, "this file has no body; only front matter")
	}
	return nil
}

// checkHours checks opening hours: days as schema.org writes them ("Mo-Fr",
// "Sa", "Mo,We,Fr") and times from 00:00 to 24:00, opening before closing.
func checkHours(f *File, hs []hoursMeta) error {
	for _, h := range hs {
		line := h.line
		if line == 0 {
			line = f.Line("hours")
		}
		if !validDays(h.Days) {
			return f.errorf(line, "hours: days %q is not like Mo-Fr, Sa or Mo,We,Fr", h.Days)
		}
		if !validClock(h.Opens) || !validClock(h.Closes) || h.Opens >= h.Closes {
			return f.errorf(line, "hours: %q to %q is not a time span like 08:00 to 17:00", h.Opens, h.Closes)
		}
	}
	return nil
}

func validDays(s string) bool {
	days := []string{"Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"}
	for part := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		if !slices.Contains(days, from) || (isRange && !slices.Contains(days, to)) {
			return false
		}
	}
	return true
}

func validClock(s string) bool {
	_, err := time.Parse("15:04", s)
	return (err == nil && len(s) == 5) || s == "24:00"
}
