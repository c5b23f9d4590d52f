package web

import (
	"net/http"
	"time"

	"clinic"
	"clinic/internal/feed"
)

// Which posts a feed holds.
const (
	feedAll = iota
	feedTag
	feedCategory
)

// feedSize is how many of the newest posts a feed carries.
const feedSize = 20

// feed returns the handler of one feed in one format ("atom" or "rss").
func (s *Server) feed(format string, which int) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx := r.Context()
		site, err := s.content.Settings(ctx)
		if err != nil {
			return err
		}
		f := feed.Feed{Title: site.ClinicName + ": articles", Subtitle: site.Description, Author: site.ClinicName,
			SelfURL: s.cfg.BaseURL + r.URL.Path, PageURL: s.cfg.BaseURL + "/blog"}
		filter := clinic.PostFilter{Now: s.now(), Limit: feedSize}
		switch which {
		case feedTag:
			tag, err := s.content.Tag(ctx, r.PathValue("slug"))
			if err != nil {
				return err
			}
			filter.Tag, f.Title, f.PageURL = tag.Slug, site.ClinicName+": articles tagged "+tag.Name, s.cfg.BaseURL+"/blog/tag/"+tag.Slug
		case feedCategory:
			c, err := s.content.Category(ctx, r.PathValue("slug"))
			if err != nil {
				return err
			}
			filter.Category, f.Title, f.PageURL = c.Slug, site.ClinicName+": "+c.Name, s.cfg.BaseURL+"/blog/category/"+c.Slug
		}
		posts, _, err := s.content.Posts(ctx, filter)
		if err != nil {
			return err
		}
		if err := s.feedEntries(r, &f, posts); err != nil {
			return err
		}
		return writeFeed(w, format, f)
	}
}

func (s *Server) feedEntries(r *http.Request, f *feed.Feed, posts []*clinic.Post) error {
	cards, err := s.cards(r, posts)
	if err != nil {
		return err
	}
	for _, c := range cards {
		body, err := s.md.HTML(c.Body)
		if err != nil {
			return err
		}
		url := s.cfg.BaseURL + "/blog/" + c.Slug
		f.Entries = append(f.Entries, feed.Entry{Title: c.Title, URL: url, ID: url, Published: c.PublishedAt,
			Updated: latest(c.PublishedAt, c.UpdatedAt), Author: c.AuthorName, Summary: c.Description,
			ContentHTML: string(body), Categories: append([]string{c.CategoryName}, c.Tags...)})
		f.Updated = latest(f.Updated, latest(c.PublishedAt, c.UpdatedAt))
	}
	return nil
}

func writeFeed(w http.ResponseWriter, format string, f feed.Feed) error {
	var b []byte
	var err error
	if format == "rss" {
		b, err = feed.RSS(f)
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
	} else {
		b, err = feed.Atom(f)
		w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	}
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// sitemap lists every public page with the time it last changed.
func (s *Server) sitemap(w http.ResponseWriter, r *http.Request) error {
	urls, err := s.sitemapURLs(r)
	if err != nil {
		return err
	}
	b, err := feed.Sitemap(urls)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	_, err = w.Write(b)
	return err
}

func (s *Server) robots(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, err := w.Write(feed.Robots(s.cfg.BaseURL, []string{"/search", "/contact/thanks"}))
	return err
}
