package web

import (
	"html/template"
	"net/http"

	"clinic"
	"clinic/internal/jsonld"
)

// treatmentGroup is a category of the treatment tree with its procedures.
type treatmentGroup struct {
	*clinic.Treatment
	Children []*clinic.Treatment
}

// treatmentTree groups a flat list of treatments under their categories,
// keeping the store's order.
func treatmentTree(all []*clinic.Treatment) []*treatmentGroup {
	var groups []*treatmentGroup
	byslug := map[string]*treatmentGroup{}
	for _, t := range all {
		if t.IsCategory() {
			g := &treatmentGroup{Treatment: t}
			groups = append(groups, g)
			byslug[t.Slug] = g
		}
	}
	for _, t := range all {
		if g, ok := byslug[t.Parent]; ok {
			g.Children = append(g.Children, t)
		}
	}
	return groups
}

type treatmentsPage struct {
	basePage
	Groups []*treatmentGroup
}

func (s *Server) treatments(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.content.Treatments(ctx)
	if err != nil {
		return err
	}
	p := treatmentsPage{Groups: treatmentTree(all)}
	if p.basePage, err = s.base(ctx, r, "Treatments", "Minimally invasive spine surgery, regenerative medicine, pain management and sports medicine: what each treatment is, who it helps and what recovery is like.", jsonld.Crumb{Name: "Treatments", Path: "/treatments"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "treatments", p)
}

type treatmentPage struct {
	basePage
	Treatment *clinic.Treatment
	Category  *clinic.Treatment
	Children  []*clinic.Treatment
	Body      template.HTML
	Related   []*clinic.Treatment
	Doctors   []*clinic.Doctor
	Posts     []*postCard
	Outcomes  []outcomeFigure // its own outcome charts, if it has figures
}

func (s *Server) treatment(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	t, err := s.content.Treatment(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	all, err := s.content.Treatments(ctx)
	if err != nil {
		return err
	}
	p := treatmentPage{Treatment: t}
	bySlug := map[string]*clinic.Treatment{}
	for _, x := range all {
		bySlug[x.Slug] = x
		if x.Parent == t.Slug {
			p.Children = append(p.Children, x)
		}
	}
	p.Category = bySlug[t.Parent]
	for _, slug := range t.Related {
		if x, ok := bySlug[slug]; ok {
			p.Related = append(p.Related, x)
		}
	}
	if p.Doctors, err = s.doctorsFor(r, t.Slug); err != nil {
		return err
	}
	if p.Posts, err = s.postsAbout(r, t.Title, 3); err != nil {
		return err
	}
	if p.Outcomes, err = s.treatmentFigures(ctx, t.Slug); err != nil {
		return err
	}
	if p.Body, err = s.md.HTML(t.Body); err != nil {
		return err
	}
	crumbs := []jsonld.Crumb{{Name: "Treatments", Path: "/treatments"}}
	if p.Category != nil {
		crumbs = append(crumbs, jsonld.Crumb{Name: p.Category.Title, Path: "/treatments/" + p.Category.Slug})
	}
	crumbs = append(crumbs, jsonld.Crumb{Name: t.Title, Path: "/treatments/" + t.Slug})
	if p.basePage, err = s.base(ctx, r, t.Title, t.Description, crumbs...); err != nil {
		return err
	}
	if !t.IsCategory() {
		if err := p.addJSONLD(jsonld.Treatment(t, s.cfg.BaseURL)); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "treatment", p)
}

// doctorsFor lists the doctors who perform a treatment.
func (s *Server) doctorsFor(r *http.Request, treatment string) ([]*clinic.Doctor, error) {
	all, err := s.content.Doctors(r.Context())
	if err != nil {
		return nil, err
	}
	var out []*clinic.Doctor
	for _, d := range all {
		for _, t := range d.Treatments {
			if t == treatment {
				out = append(out, d)
				break
			}
		}
	}
	return out, nil
}
