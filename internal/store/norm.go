package store

import (
	"reflect"

	"clinic"
)

// The norm functions return copies of items as the database gives them
// back (UTC times in whole microseconds, nil for empty lists), so that an
// item from a bundle and its stored twin compare equal with
// reflect.DeepEqual exactly when storing the first would change nothing.

func normList[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append([]T(nil), s...)
}

func normPage(p *clinic.Page) *clinic.Page {
	c := *p
	c.UpdatedAt = normTime(c.UpdatedAt)
	return &c
}

func normTreatment(t *clinic.Treatment) *clinic.Treatment {
	c := *t
	c.Related = normList(c.Related)
	c.UpdatedAt = normTime(c.UpdatedAt)
	return &c
}

func normDoctor(d *clinic.Doctor) *clinic.Doctor {
	c := *d
	c.Specialties = normList(c.Specialties)
	c.Locations = normList(c.Locations)
	c.Treatments = normList(c.Treatments)
	c.UpdatedAt = normTime(c.UpdatedAt)
	return &c
}

func normLocation(l *clinic.Location) *clinic.Location {
	c := *l
	c.Hours = normList(c.Hours)
	c.UpdatedAt = normTime(c.UpdatedAt)
	return &c
}

func normCategory(c *clinic.Category) *clinic.Category { v := *c; return &v }

// normPost names tags by slug: a tag's name is the tags table's business,
// so two posts that spell a tag differently still name the same tag.
func normPost(p *clinic.Post) *clinic.Post {
	c := *p
	c.Tags = nil
	for _, name := range p.Tags {
		c.Tags = append(c.Tags, clinic.Slugify(name))
	}
	c.PublishedAt = normTime(c.PublishedAt)
	c.UpdatedAt = normTime(c.UpdatedAt)
	return &c
}

func normVideoFAQ(v *clinic.VideoFAQ) *clinic.VideoFAQ {
	c := *v
	c.UploadedAt = normTime(c.UploadedAt)
	return &c
}

func normPublication(p *clinic.Publication) *clinic.Publication { c := *p; return &c }

func normRedirect(r *clinic.Redirect) *clinic.Redirect { c := *r; return &c }

// same reports whether two normalised items are equal.
func same[T any](a, b T) bool { return reflect.DeepEqual(a, b) }
