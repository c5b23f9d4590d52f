package web

import (
	"html/template"
	"net/http"

	"clinic"
	"clinic/internal/jsonld"
)

type doctorsPage struct {
	basePage
	Doctors []*clinic.Doctor
}

func (s *Server) doctors(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.content.Doctors(ctx)
	if err != nil {
		return err
	}
	p := doctorsPage{Doctors: all}
	if p.basePage, err = s.base(ctx, r, "Our doctors", "Meet the spine surgeons, podiatrist, nurse practitioner and physician assistant who care for our patients.", jsonld.Crumb{Name: "Doctors", Path: "/doctors"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "doctors", p)
}

type doctorPage struct {
	basePage
	Doctor     *clinic.Doctor
	Body       template.HTML
	Locations  []*clinic.Location
	Treatments []*clinic.Treatment
	Posts      []*postCard
}

func (s *Server) doctor(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.content.Doctor(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := doctorPage{Doctor: d}
	if p.Locations, err = s.locationsNamed(r, d.Locations); err != nil {
		return err
	}
	if p.Treatments, err = s.treatmentsNamed(r, d.Treatments); err != nil {
		return err
	}
	posts, _, err := s.content.Posts(ctx, clinic.PostFilter{Now: s.now(), Author: d.Slug, Limit: 5})
	if err != nil {
		return err
	}
	if p.Posts, err = s.cards(r, posts); err != nil {
		return err
	}
	if p.Body, err = s.md.HTML(d.Body); err != nil {
		return err
	}
	name := d.Name
	if p.basePage, err = s.base(ctx, r, name, d.Description, jsonld.Crumb{Name: "Doctors", Path: "/doctors"}, jsonld.Crumb{Name: name, Path: "/doctors/" + d.Slug}); err != nil {
		return err
	}
	p.OGType = "profile"
	if err := p.addJSONLD(jsonld.Physician(d, p.Locations, s.cfg.BaseURL)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "doctor", p)
}

// locationsNamed returns the locations with the given slugs, in the
// locations' own order.
func (s *Server) locationsNamed(r *http.Request, slugs []string) ([]*clinic.Location, error) {
	all, err := s.content.Locations(r.Context())
	return named(all, err, slugs, func(l *clinic.Location) string { return l.Slug })
}

// treatmentsNamed returns the treatments with the given slugs, in the
// tree's order.
func (s *Server) treatmentsNamed(r *http.Request, slugs []string) ([]*clinic.Treatment, error) {
	all, err := s.content.Treatments(r.Context())
	return named(all, err, slugs, func(t *clinic.Treatment) string { return t.Slug })
}

// named keeps the items of all whose slug is one of slugs, in all's order.
func named[T any](all []T, err error, slugs []string, slug func(T) string) ([]T, error) {
	if err != nil {
		return nil, err
	}
	want := set(slugs)
	var out []T
	for _, x := range all {
		if want[slug(x)] {
			out = append(out, x)
		}
	}
	return out, nil
}

func set(items []string) map[string]bool {
	m := make(map[string]bool, len(items))
	for _, s := range items {
		m[s] = true
	}
	return m
}
