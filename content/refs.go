package content

import (
	"clinic"
)

// checkRefs checks the references between files: a post's author and
// category, a treatment's parent and related treatments, a doctor's
// locations and treatments. Each must name an item of the tree.
func (r *reader) checkRefs() error {
	b := r.b
	treatments := slugSet(b.Treatments, func(t *clinic.Treatment) string { return t.Slug })
	categories := map[string]bool{}
	for _, t := range b.Treatments {
		if t.IsCategory() {
			categories[t.Slug] = true
		}
	}
	for _, t := range b.Treatments {
		f := r.files["treatments/"+t.Slug+".md"]
		if err := firstError(
			ref(f, "parent", "treatment category", categories, t.Parent),
			refs(f, "related", "treatment", treatments, t.Related),
		); err != nil {
			return err
		}
	}
	return firstError(r.checkDoctors(treatments), r.checkPosts())
}

func (r *reader) checkDoctors(treatments map[string]bool) error {
	locations := slugSet(r.b.Locations, func(l *clinic.Location) string { return l.Slug })
	for _, d := range r.b.Doctors {
		f := r.files["doctors/"+d.Slug+".md"]
		if err := firstError(
			refs(f, "locations", "location", locations, d.Locations),
			refs(f, "treatments", "treatment", treatments, d.Treatments),
		); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) checkPosts() error {
	doctors := slugSet(r.b.Doctors, func(d *clinic.Doctor) string { return d.Slug })
	categories := slugSet(r.b.Categories, func(c *clinic.Category) string { return c.Slug })
	for _, p := range r.b.Posts {
		f := r.files["posts/"+p.Slug+".md"]
		if err := firstError(
			ref(f, "author", "doctor", doctors, p.Author),
			ref(f, "category", "category", categories, p.Category),
		); err != nil {
			return err
		}
	}
	return nil
}

func slugSet[T any](items []T, slug func(T) string) map[string]bool {
	set := make(map[string]bool, len(items))
	for _, it := range items {
		set[slug(it)] = true
	}
	return set
}

// ref checks that an optional reference names an item of the set.
func ref(f *File, key, what string, set map[string]bool, slug string) error {
	if slug != "" && !set[slug] {
		return f.keyErrorf(key, "%s: no %s %q", key, what, slug)
	}
	return nil
}

func refs(f *File, key, what string, set map[string]bool, slugs []string) error {
	for _, s := range slugs {
		if err := ref(f, key, what, set, s); err != nil {
			return err
		}
	}
	return nil
}
