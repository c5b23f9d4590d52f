package web

import "net/http"

// routes is the one table of every URL the server answers.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	page := s.cached // public pages, rendered once per content version
	mux.Handle("GET /{$}", page(s.home))
	mux.Handle("GET /treatments", page(s.treatments))
	mux.Handle("GET /treatments/{slug}", page(s.treatment))
	mux.Handle("GET /doctors", page(s.doctors))
	mux.Handle("GET /doctors/{slug}", page(s.doctor))
	mux.Handle("GET /locations", page(s.locations))
	mux.Handle("GET /locations/{slug}", page(s.location))
	mux.Handle("GET /blog", page(s.blog))
	mux.Handle("GET /blog/page/{n}", page(s.blog))
	mux.Handle("GET /blog/{slug}", page(s.post))
	mux.Handle("GET /blog/tag/{slug}", page(s.blogTag))
	mux.Handle("GET /blog/tag/{slug}/page/{n}", page(s.blogTag))
	mux.Handle("GET /blog/category/{slug}", page(s.blogCategory))
	mux.Handle("GET /blog/category/{slug}/page/{n}", page(s.blogCategory))
	mux.Handle("GET /blog/author/{slug}", page(s.blogAuthor))
	mux.Handle("GET /blog/author/{slug}/page/{n}", page(s.blogAuthor))
	for _, f := range []string{"atom", "rss"} {
		mux.Handle("GET /blog/feed."+f, page(s.feed(f, feedAll)))
		mux.Handle("GET /blog/tag/{slug}/feed."+f, page(s.feed(f, feedTag)))
		mux.Handle("GET /blog/category/{slug}/feed."+f, page(s.feed(f, feedCategory)))
	}
	mux.Handle("GET /videos", page(s.videos))
	mux.Handle("GET /research", page(s.research))
	mux.Handle("GET /contact", page(s.contact))
	mux.Handle("POST /contact", s.handle(s.contactSubmit))
	mux.Handle("GET /contact/thanks", page(s.contactThanks))
	mux.Handle("GET /search", s.handle(s.search))
	mux.Handle("GET /sitemap.xml", page(s.sitemap))
	mux.Handle("GET /robots.txt", page(s.robots))
	mux.Handle("GET /healthz", http.HandlerFunc(s.healthz))
	mux.Handle("GET /readyz", http.HandlerFunc(s.readyz))
	mux.Handle("GET /static/{file}", http.HandlerFunc(s.static))
	mux.Handle("GET /favicon.ico", http.HandlerFunc(s.favicon))
	mux.Handle("GET /{slug}", page(s.page))
	mux.Handle("/", s.handle(s.notFound))
	return mux
}
