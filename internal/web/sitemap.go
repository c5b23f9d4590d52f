package web

import (
	"net/http"
	"time"

	"clinic"
	"clinic/internal/feed"
)

// sitemapURLs lists the public pages: every content item's page, the
// indexes and the blog's archives, each with its last change.
func (s *Server) sitemapURLs(r *http.Request) ([]feed.URL, error) {
	ctx := r.Context()
	b, err := s.content.Export(ctx)
	if err != nil {
		return nil, err
	}
	now := s.now()
	var urls []feed.URL
	add := func(path string, t time.Time) { urls = append(urls, feed.URL{Loc: s.cfg.BaseURL + path, LastMod: t}) }
	var newest time.Time
	var posts []*clinic.Post
	for _, p := range b.Posts {
		if p.Visible(now) {
			posts = append(posts, p)
			newest = latest(newest, latest(p.PublishedAt, p.UpdatedAt))
		}
	}
	add("/", newest)
	add("/blog", newest)
	for _, p := range posts {
		add("/blog/"+p.Slug, latest(p.PublishedAt, p.UpdatedAt))
	}
	var treatments, doctors, locations time.Time
	for _, t := range b.Treatments {
		add("/treatments/"+t.Slug, t.UpdatedAt)
		treatments = latest(treatments, t.UpdatedAt)
	}
	for _, d := range b.Doctors {
		add("/doctors/"+d.Slug, d.UpdatedAt)
		doctors = latest(doctors, d.UpdatedAt)
	}
	for _, l := range b.Locations {
		add("/locations/"+l.Slug, l.UpdatedAt)
		locations = latest(locations, l.UpdatedAt)
	}
	add("/treatments", treatments)
	add("/doctors", doctors)
	add("/locations", locations)
	for _, p := range b.Pages {
		add("/"+p.Slug, p.UpdatedAt)
	}
	add("/videos", time.Time{})
	for _, c := range b.Categories {
		add("/blog/category/"+c.Slug, time.Time{})
	}
	return urls, nil
}
