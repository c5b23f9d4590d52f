package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"

	"clinic"
	"clinic/internal/jsonld"
)

type locationsPage struct {
	basePage
	Locations []*clinic.Location
}

func (s *Server) locations(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.content.Locations(ctx)
	if err != nil {
		return err
	}
	p := locationsPage{Locations: all}
	if p.basePage, err = s.base(ctx, r, "Locations", "Our offices across the Puget Sound region and north to Bellingham: addresses, phone numbers, hours and directions.", jsonld.Crumb{Name: "Locations", Path: "/locations"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "locations", p)
}

type locationPage struct {
	basePage
	Location      *clinic.Location
	Body          template.HTML
	Doctors       []*clinic.Doctor
	MapURL        string
	DirectionsURL string
}

func (s *Server) location(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	l, err := s.content.Location(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := locationPage{Location: l}
	all, err := s.content.Doctors(ctx)
	if err != nil {
		return err
	}
	for _, d := range all {
		if set(d.Locations)[l.Slug] {
			p.Doctors = append(p.Doctors, d)
		}
	}
	if p.Body, err = s.md.HTML(l.Body); err != nil {
		return err
	}
	address := fmt.Sprintf("%s, %s, %s %s", l.Street, l.City, l.Region, l.PostalCode)
	p.MapURL = fmt.Sprintf("https://www.openstreetmap.org/?mlat=%.5f&mlon=%.5f#map=16/%.5f/%.5f", l.Latitude, l.Longitude, l.Latitude, l.Longitude)
	p.DirectionsURL = "https://www.google.com/maps/dir/?api=1&destination=" + url.QueryEscape(address)
	if p.basePage, err = s.base(ctx, r, l.Name, l.Description, jsonld.Crumb{Name: "Locations", Path: "/locations"}, jsonld.Crumb{Name: l.City, Path: "/locations/" + l.Slug}); err != nil {
		return err
	}
	if err := p.addJSONLD(jsonld.Clinic(p.Site, l, s.cfg.BaseURL)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "location", p)
}
