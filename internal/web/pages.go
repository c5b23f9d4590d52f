package web

import (
	"html/template"
	"net/http"
	"strings"

	"clinic"
	"clinic/internal/jsonld"
	"clinic/internal/markdown"
)

// servicePages are the calls to action whose online service opens later;
// their pages say so and offer the phone.
func isService(slug string) bool {
	switch slug {
	case "appointments", "mri-review", "diagnose-my-pain", "portal":
		return true
	}
	return false
}

type pagePage struct {
	basePage
	Page    *clinic.Page
	Body    template.HTML
	Service bool
}

func (s *Server) page(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := s.content.Page(ctx, r.PathValue("slug"))
	if err != nil {
		return err
	}
	p := pagePage{Page: pg, Service: isService(pg.Slug)}
	if p.Body, err = s.md.HTML(pg.Body); err != nil {
		return err
	}
	if p.basePage, err = s.base(ctx, r, pg.Title, pg.Description, jsonld.Crumb{Name: pg.Title, Path: "/" + pg.Slug}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "page", p)
}

// videoItem is a video FAQ entry ready for the page.
type videoItem struct {
	*clinic.VideoFAQ
	Answer template.HTML
}

type videosPage struct {
	basePage
	Videos []*videoItem
}

func (s *Server) videos(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	all, err := s.content.VideoFAQs(ctx)
	if err != nil {
		return err
	}
	p := videosPage{}
	plain := make([]string, len(all))
	for i, v := range all {
		item := &videoItem{VideoFAQ: v}
		if item.Answer, err = s.md.HTML(v.Answer); err != nil {
			return err
		}
		plain[i] = markdown.PlainText(v.Answer)
		p.Videos = append(p.Videos, item)
	}
	if p.basePage, err = s.base(ctx, r, "Video FAQ", "Short videos in which our clinicians answer the questions patients ask most, each with a written answer.", jsonld.Crumb{Name: "Video FAQ", Path: "/videos"}); err != nil {
		return err
	}
	if err := p.addJSONLD(jsonld.FAQPage(all, plain, s.cfg.BaseURL)); err != nil {
		return err
	}
	for i, v := range all {
		if err := p.addJSONLD(jsonld.VideoObject(v, plain[i], s.cfg.BaseURL)); err != nil {
			return err
		}
	}
	return s.render(w, http.StatusOK, "videos", p)
}

type researchPage struct {
	pagePage
	Awards, Papers, Talks []*clinic.Publication
}

func (s *Server) research(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	pg, err := s.content.Page(ctx, "research")
	if err != nil {
		return err
	}
	pubs, err := s.content.Publications(ctx)
	if err != nil {
		return err
	}
	p := researchPage{pagePage: pagePage{Page: pg}}
	for _, x := range pubs {
		switch x.Kind {
		case clinic.PublicationAward:
			p.Awards = append(p.Awards, x)
		case clinic.PublicationPaper:
			p.Papers = append(p.Papers, x)
		default:
			p.Talks = append(p.Talks, x)
		}
	}
	if p.Body, err = s.md.HTML(pg.Body); err != nil {
		return err
	}
	if p.basePage, err = s.base(ctx, r, pg.Title, pg.Description, jsonld.Crumb{Name: pg.Title, Path: "/research"}); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "research", p)
}

type errorPage struct {
	basePage
	Status  int
	Message string
}

// renderError answers with the site's error page. When the settings cannot
// be read (the database is down), it uses the last settings it saw, and
// plain text only when it has never seen any.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, message string) {
	h := w.Header()
	h.Set("Cache-Control", "no-store")
	h.Del("Etag")
	h.Del("Content-Encoding")
	if s.renderAdminError(w, r, status, message) {
		return
	}
	p := errorPage{Status: status, Message: message}
	var err error
	if p.basePage, err = s.base(r.Context(), r, "", message); err != nil {
		p.basePage = s.offlineBase(r)
	}
	p.NoIndex, p.Description = true, message
	p.Title = errorTitle(status)
	if err = s.render(w, status, "error", p); err == nil {
		return
	}
	s.log.ErrorContext(r.Context(), "error page failed", "route", r.Pattern, "err", err)
	http.Error(w, message, status)
}

// offlineBase is the common part of an error page while the database is
// away: the settings last read, or none (a page without the clinic's
// name) when this server has read none yet.
func (s *Server) offlineBase(r *http.Request) basePage {
	site := s.lastSite.Load()
	if site == nil {
		site = &clinic.Settings{}
	}
	return basePage{Site: site, Nav: navOf(nil, r.URL.Path), Path: r.URL.Path, BaseURL: s.cfg.BaseURL,
		Canonical: s.cfg.BaseURL + r.URL.Path, OGType: "website", Year: s.now().Year()}
}

// renderAdminError answers a signed-in staff member's failed back-office
// request inside the back office, and reports whether it did.
func (s *Server) renderAdminError(w http.ResponseWriter, r *http.Request, status int, message string) bool {
	if !strings.HasPrefix(r.URL.Path, "/admin/") || sessionFrom(r.Context()) == nil {
		return false
	}
	p, err := s.adminBase(r, errorTitle(status))
	if err != nil {
		return false
	}
	p.Problem = message
	return s.renderAdmin(w, status, "admin-error", p) == nil
}

func errorTitle(status int) string {
	switch status {
	case http.StatusNotFound:
		return "Page not found"
	case http.StatusInternalServerError:
		return "Something went wrong"
	case http.StatusTooManyRequests:
		return "Please slow down"
	case http.StatusServiceUnavailable:
		return "Back in a moment"
	case http.StatusConflict:
		return "This has changed"
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return "Please check what you sent"
	case http.StatusRequestEntityTooLarge:
		return "Too much to send at once"
	case http.StatusUnauthorized:
		return "Please sign in"
	case http.StatusForbidden:
		return "Not open to you"
	case http.StatusMethodNotAllowed:
		return "Not a request this page takes"
	}
	return http.StatusText(status)
}
