package web

import (
	"net/http"

	"clinic"
	"clinic/internal/jsonld"
)

type homePage struct {
	basePage
	Groups    []*treatmentGroup
	Featured  []*clinic.Treatment
	Doctors   []*clinic.Doctor
	Locations []*clinic.Location
	Posts     []*postCard
}

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.content.Treatments(ctx)
	if err != nil {
		return err
	}
	p := homePage{Groups: treatmentTree(all)}
	for _, g := range p.Groups {
		if len(g.Children) > 0 && len(p.Featured) < 6 {
			p.Featured = append(p.Featured, g.Children[:min(2, len(g.Children))]...)
		}
	}
	if p.Doctors, err = s.content.Doctors(ctx); err != nil {
		return err
	}
	if p.Locations, err = s.content.Locations(ctx); err != nil {
		return err
	}
	posts, _, err := s.content.Posts(ctx, clinic.PostFilter{Now: s.now(), Limit: 3})
	if err != nil {
		return err
	}
	if p.Posts, err = s.cards(r, posts); err != nil {
		return err
	}
	if p.basePage, err = s.base(ctx, r, "", ""); err != nil {
		return err
	}
	p.Title, p.Description = p.Site.Tagline, p.Site.Description // the layout adds the clinic's name
	if err := p.addJSONLD(jsonld.Organization(p.Site, p.Locations, s.cfg.BaseURL)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "home", p)
}
