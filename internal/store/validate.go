package store

import (
	"maps"
	"slices"
	"strings"

	"clinic"
)

// invalid returns an EInvalid error; the message names the item.
func invalid(format string, args ...any) error {
	return clinic.Errorf(clinic.EInvalid, format, args...)
}

// validate checks that b is well formed and that its references resolve
// among the items of b and those already stored (old).
func validate(b, old *clinic.Bundle) error {
	checks := []func() error{
		func() error { return checkKeys("page", b.Pages, func(p *clinic.Page) string { return p.Slug }) },
		func() error {
			return checkKeys("treatment", b.Treatments, func(t *clinic.Treatment) string { return t.Slug })
		},
		func() error { return checkKeys("doctor", b.Doctors, func(d *clinic.Doctor) string { return d.Slug }) },
		func() error {
			return checkKeys("location", b.Locations, func(l *clinic.Location) string { return l.Slug })
		},
		func() error {
			return checkKeys("category", b.Categories, func(c *clinic.Category) string { return c.Slug })
		},
		func() error { return checkKeys("post", b.Posts, func(p *clinic.Post) string { return p.Slug }) },
		func() error {
			return checkKeys("video", b.VideoFAQs, func(v *clinic.VideoFAQ) string { return v.Slug })
		},
		func() error {
			return checkKeys("publication", b.Publications, func(p *clinic.Publication) string { return p.Slug })
		},
		func() error { return checkRedirects(b.Redirects) },
		func() error { return checkMenu(b.Menu) },
		func() error { return checkTreatments(b, old) },
		func() error { return checkLocations(b.Locations) },
		func() error { return checkDoctors(b, old) },
		func() error { return checkPosts(b, old) },
		func() error { return checkOthers(b) },
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

// checkKeys checks that every item is present, has a valid slug and
// appears once.
func checkKeys[T any](what string, items []*T, key func(*T) string) error {
	seen := map[string]bool{}
	for i, it := range items {
		if it == nil {
			return invalid("%s number %d is empty", what, i+1)
		}
		k := key(it)
		if !clinic.ValidSlug(k) {
			return invalid("%s %q: a slug is lower-case letters and digits joined by single hyphens", what, k)
		}
		if seen[k] {
			return invalid("%s %q appears twice", what, k)
		}
		seen[k] = true
	}
	return nil
}

func checkRedirects(rs []*clinic.Redirect) error {
	seen := map[string]bool{}
	for i, r := range rs {
		switch {
		case r == nil:
			return invalid("redirect number %d is empty", i+1)
		case !strings.HasPrefix(r.From, "/"):
			return invalid("redirect from %q: the old address must be a path starting with /", r.From)
		case r.To == "":
			return invalid("redirect from %q: the new address is missing", r.From)
		case seen[r.From]:
			return invalid("redirect from %q appears twice", r.From)
		}
		seen[r.From] = true
	}
	return nil
}

// slugSet returns the keys of stored and new items together.
func slugSet[T any](stored, added []*T, key func(*T) string) map[string]bool {
	m := map[string]bool{}
	for _, it := range slices.Concat(stored, added) {
		m[key(it)] = true
	}
	return m
}

// checkTreatments checks kinds, that every treatment's parent, once b is
// stored, is a category (so the tree has two levels and no cycles), and
// that related treatments exist.
func checkTreatments(b, old *clinic.Bundle) error {
	merged := map[string]*clinic.Treatment{}
	for _, t := range slices.Concat(old.Treatments, b.Treatments) {
		merged[t.Slug] = t
	}
	for _, t := range b.Treatments {
		if t.Kind != "" && t.Kind != clinic.TreatmentProcedure && t.Kind != clinic.TreatmentTherapy {
			return invalid("treatment %q: kind %q is neither procedure nor therapy", t.Slug, t.Kind)
		}
		if err := checkRefs("treatment", t.Slug, "related treatment", t.Related, merged); err != nil {
			return err
		}
		if slices.Contains(t.Related, t.Slug) {
			return invalid("treatment %q: it cannot be related to itself", t.Slug)
		}
	}
	for _, slug := range slices.Sorted(maps.Keys(merged)) {
		t := merged[slug]
		if t.Parent == "" {
			continue
		}
		p, ok := merged[t.Parent]
		if !ok {
			return invalid("treatment %q: there is no treatment category %q", t.Slug, t.Parent)
		}
		if p.Parent != "" {
			return invalid("treatment %q: its parent %q is not a category", t.Slug, t.Parent)
		}
	}
	return nil
}

// checkRefs checks that each of refs names an item in known, once.
func checkRefs[V any](what, slug, refWhat string, refs []string, known map[string]V) error {
	seen := map[string]bool{}
	for _, r := range refs {
		if _, ok := known[r]; !ok {
			return invalid("%s %q: there is no %s %q", what, slug, refWhat, r)
		}
		if seen[r] {
			return invalid("%s %q: %s %q is named twice", what, slug, refWhat, r)
		}
		seen[r] = true
	}
	return nil
}

func checkLocations(ls []*clinic.Location) error {
	for _, l := range ls {
		for _, h := range l.Hours {
			if h.Days == "" || !validClock(h.Opens) || !validClock(h.Closes) {
				return invalid("location %q: opening hours %q %q-%q: want days and times like 08:00", l.Slug, h.Days, h.Opens, h.Closes)
			}
		}
	}
	return nil
}

// validClock reports whether s is a time of day as "HH:MM", 00:00 to 24:00.
func validClock(s string) bool {
	if len(s) != 5 || s[2] != ':' {
		return false
	}
	for _, i := range []int{0, 1, 3, 4} {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	h, m := int(s[0]-'0')*10+int(s[1]-'0'), int(s[3]-'0')*10+int(s[4]-'0')
	return m < 60 && (h < 24 || h == 24 && m == 0)
}

func checkDoctors(b, old *clinic.Bundle) error {
	locations := slugSet(old.Locations, b.Locations, func(l *clinic.Location) string { return l.Slug })
	treatments := slugSet(old.Treatments, b.Treatments, func(t *clinic.Treatment) string { return t.Slug })
	for _, d := range b.Doctors {
		if err := checkRefs("doctor", d.Slug, "location", d.Locations, locations); err != nil {
			return err
		}
		if err := checkRefs("doctor", d.Slug, "treatment", d.Treatments, treatments); err != nil {
			return err
		}
		if slices.Contains(d.Specialties, "") {
			return invalid("doctor %q: a specialty is empty", d.Slug)
		}
	}
	return nil
}

func checkPosts(b, old *clinic.Bundle) error {
	doctors := slugSet(old.Doctors, b.Doctors, func(d *clinic.Doctor) string { return d.Slug })
	categories := slugSet(old.Categories, b.Categories, func(c *clinic.Category) string { return c.Slug })
	for _, p := range b.Posts {
		switch {
		case p.Status != clinic.StatusDraft && p.Status != clinic.StatusScheduled && p.Status != clinic.StatusPublished:
			return invalid("post %q: status %q is not draft, scheduled or published", p.Slug, p.Status)
		case !doctors[p.Author]:
			return invalid("post %q: the author %q is not a doctor", p.Slug, p.Author)
		case !categories[p.Category]:
			return invalid("post %q: there is no category %q", p.Slug, p.Category)
		}
		seen := map[string]bool{}
		for _, name := range p.Tags {
			slug := clinic.Slugify(name)
			if slug == "" || seen[slug] {
				return invalid("post %q: tag %q is empty or named twice", p.Slug, name)
			}
			seen[slug] = true
		}
	}
	return nil
}

func checkOthers(b *clinic.Bundle) error {
	for _, v := range b.VideoFAQs {
		if v.Duration < 0 {
			return invalid("video %q: the duration is negative", v.Slug)
		}
	}
	for _, p := range b.Publications {
		if p.Kind != clinic.PublicationAward && p.Kind != clinic.PublicationPaper && p.Kind != clinic.PublicationPresentation {
			return invalid("publication %q: kind %q is not award, publication or presentation", p.Slug, p.Kind)
		}
	}
	return nil
}
