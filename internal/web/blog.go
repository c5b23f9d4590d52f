package web

import (
	"html/template"
	"net/http"
	"slices"
	"strconv"

	"clinic"
	"clinic/internal/jsonld"
	"clinic/internal/markdown"
)

// perPage is how many posts a blog listing shows.
const perPage = 10

// postCard is a post as lists show it.
type postCard struct {
	*clinic.Post
	AuthorName   string
	CategoryName string
	Minutes      int
}

// cards decorates posts with their author's and category's names.
func (s *Server) cards(r *http.Request, posts []*clinic.Post) ([]*postCard, error) {
	ctx := r.Context()
	doctors, err := s.content.Doctors(ctx)
	if err != nil {
		return nil, err
	}
	cats, err := s.content.Categories(ctx)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, d := range doctors {
		names["d/"+d.Slug] = d.Name
	}
	for _, c := range cats {
		names["c/"+c.Slug] = c.Name
	}
	out := make([]*postCard, len(posts))
	for i, p := range posts {
		out[i] = &postCard{Post: p, AuthorName: names["d/"+p.Author], CategoryName: names["c/"+p.Category],
			Minutes: clinic.ReadingMinutes(markdown.Words(p.Body))}
	}
	return out, nil
}

// postsAbout finds up to n posts that the search index ranks best for a
// topic, so that a treatment page can list articles about it.
func (s *Server) postsAbout(r *http.Request, topic string, n int) ([]*postCard, error) {
	ctx := r.Context()
	found, err := s.content.Search(ctx, clinic.SearchQuery{Text: topic, Now: s.now(), Limit: 30})
	if err != nil {
		return nil, err
	}
	var posts []*clinic.Post
	for _, h := range found.Results {
		if h.Kind != "post" || len(posts) == n {
			continue
		}
		p, err := s.content.Post(ctx, h.Slug, s.now())
		if err != nil {
			return nil, err
		}
		posts = append(posts, p)
	}
	return s.cards(r, posts)
}

// listing is a page of posts: the blog, or one tag, category or author.
type listing struct {
	basePage
	Heading    string
	Intro      string
	Posts      []*postCard
	Page       int
	Pages      int
	PrevURL    string
	NextURL    string
	Recent     []*postCard
	Tags       []*clinic.Tag
	Categories []*clinic.Category
}

// pageNumber reads the {n} of a paginated URL. Page 1 has no number in
// its URL, so /page/1 is not found rather than a duplicate.
func pageNumber(r *http.Request) (int, error) {
	v := r.PathValue("n")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 2 || n > 100000 {
		return 0, clinic.Errorf(clinic.ENotFound, "There is no page %q of this list.", v)
	}
	return n, nil
}

// list fills a listing for filter f under the URL prefix base.
func (s *Server) list(r *http.Request, f clinic.PostFilter, prefix string) (*listing, error) {
	n, err := pageNumber(r)
	if err != nil {
		return nil, err
	}
	f.Now, f.Limit, f.Offset = s.now(), perPage, (n-1)*perPage
	posts, total, err := s.content.Posts(r.Context(), f)
	if err != nil {
		return nil, err
	}
	pages := max(1, (total+perPage-1)/perPage)
	if n > pages {
		return nil, clinic.Errorf(clinic.ENotFound, "This list has only %d pages.", pages)
	}
	l := &listing{Page: n, Pages: pages}
	if n == 2 {
		l.PrevURL = prefix
	} else if n > 2 {
		l.PrevURL = prefix + "/page/" + strconv.Itoa(n-1)
	}
	if n < pages {
		l.NextURL = prefix + "/page/" + strconv.Itoa(n+1)
	}
	if l.Posts, err = s.cards(r, posts); err != nil {
		return nil, err
	}
	return l, s.sidebar(r, l)
}

// sidebar fills the recent posts, tags and categories beside a listing.
func (s *Server) sidebar(r *http.Request, l *listing) error {
	ctx := r.Context()
	recent, _, err := s.content.Posts(ctx, clinic.PostFilter{Now: s.now(), Limit: 5})
	if err != nil {
		return err
	}
	if l.Recent, err = s.cards(r, recent); err != nil {
		return err
	}
	if l.Tags, err = s.content.Tags(ctx); err != nil {
		return err
	}
	l.Categories, err = s.content.Categories(ctx)
	return err
}

// renderList finishes a listing's head and renders it.
func (s *Server) renderList(w http.ResponseWriter, r *http.Request, l *listing, title, description string, crumbs ...jsonld.Crumb) error {
	if l.Page > 1 {
		title += " (page " + strconv.Itoa(l.Page) + ")"
	}
	var err error
	if l.basePage, err = s.base(r.Context(), r, title, description, crumbs...); err != nil {
		return err
	}
	if l.Heading == "" {
		l.Heading = title
	}
	return s.render(w, http.StatusOK, "blog", l)
}

func (s *Server) blog(w http.ResponseWriter, r *http.Request) error {
	l, err := s.list(r, clinic.PostFilter{}, "/blog")
	if err != nil {
		return err
	}
	l.Heading = "Articles"
	return s.renderList(w, r, l, "Articles on back and neck pain", "Plain-language articles from our doctors on back pain, neck pain, treatments, recovery and healthy habits.", jsonld.Crumb{Name: "Blog", Path: "/blog"})
}

func (s *Server) blogTag(w http.ResponseWriter, r *http.Request) error {
	tag, err := s.content.Tag(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	prefix := "/blog/tag/" + tag.Slug
	l, err := s.list(r, clinic.PostFilter{Tag: tag.Slug}, prefix)
	if err != nil {
		return err
	}
	l.Feeds = []feedLink{{"Articles tagged " + tag.Name, "application/atom+xml", prefix + "/feed.atom"}, {"Articles tagged " + tag.Name + " (RSS)", "application/rss+xml", prefix + "/feed.rss"}}
	return s.renderList(w, r, l, "Articles tagged “"+tag.Name+"”", "Articles from our doctors about "+tag.Name+".",
		jsonld.Crumb{Name: "Blog", Path: "/blog"}, jsonld.Crumb{Name: tag.Name, Path: prefix})
}

func (s *Server) blogCategory(w http.ResponseWriter, r *http.Request) error {
	c, err := s.content.Category(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	prefix := "/blog/category/" + c.Slug
	l, err := s.list(r, clinic.PostFilter{Category: c.Slug}, prefix)
	if err != nil {
		return err
	}
	l.Intro = c.Description
	l.Feeds = []feedLink{{c.Name, "application/atom+xml", prefix + "/feed.atom"}, {c.Name + " (RSS)", "application/rss+xml", prefix + "/feed.rss"}}
	return s.renderList(w, r, l, c.Name, c.Description, jsonld.Crumb{Name: "Blog", Path: "/blog"}, jsonld.Crumb{Name: c.Name, Path: prefix})
}

func (s *Server) blogAuthor(w http.ResponseWriter, r *http.Request) error {
	d, err := s.content.Doctor(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	prefix := "/blog/author/" + d.Slug
	l, err := s.list(r, clinic.PostFilter{Author: d.Slug}, prefix)
	if err != nil {
		return err
	}
	l.Intro = d.Summary
	return s.renderList(w, r, l, "Articles by "+d.Name, "Articles written by "+d.Name+", "+d.Role+".",
		jsonld.Crumb{Name: "Blog", Path: "/blog"}, jsonld.Crumb{Name: d.Name, Path: prefix})
}

type postPage struct {
	basePage
	Post     *postCard
	Author   *clinic.Doctor
	Category *clinic.Category
	Body     template.HTML
	Related  []*postCard
	Recent   []*postCard
}

func (s *Server) post(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	post, err := s.content.Post(ctx, r.PathValue("slug"), s.now())
	if err != nil {
		return err
	}
	p := postPage{}
	if p.Author, err = s.content.Doctor(ctx, post.Author); err != nil {
		return err
	}
	if p.Category, err = s.content.Category(ctx, post.Category); err != nil {
		return err
	}
	candidates, err := s.relatedCandidates(r, post)
	if err != nil {
		return err
	}
	cards, err := s.cards(r, append([]*clinic.Post{post}, clinic.RelatedPosts(post, candidates, 3)...))
	if err != nil {
		return err
	}
	p.Post, p.Related = cards[0], cards[1:]
	recent, _, err := s.content.Posts(ctx, clinic.PostFilter{Now: s.now(), Limit: 6})
	if err != nil {
		return err
	}
	// The article being read is not one of the others to read.
	recent = slices.DeleteFunc(recent, func(q *clinic.Post) bool { return q.Slug == post.Slug })
	if p.Recent, err = s.cards(r, recent[:min(len(recent), 5)]); err != nil {
		return err
	}
	if p.Body, err = s.md.HTML(post.Body); err != nil {
		return err
	}
	if p.basePage, err = s.base(ctx, r, post.Title, post.Description, jsonld.Crumb{Name: "Blog", Path: "/blog"},
		jsonld.Crumb{Name: p.Category.Name, Path: "/blog/category/" + p.Category.Slug}, jsonld.Crumb{Name: post.Title, Path: "/blog/" + post.Slug}); err != nil {
		return err
	}
	p.OGType = "article"
	if err := p.addJSONLD(jsonld.BlogPosting(post, p.Author, p.Site, s.cfg.BaseURL)); err != nil {
		return err
	}
	return s.render(w, http.StatusOK, "post", p)
}

// candidatesPer bounds how many of the newest posts of each of a post's
// tags and of its category are weighed as related to it, so that a blog of
// ten thousand posts does not load them all for every post page.
const candidatesPer = 50

// relatedCandidates returns the posts that share a tag or the category
// with post: the only ones RelatedPosts can rank.
func (s *Server) relatedCandidates(r *http.Request, post *clinic.Post) ([]*clinic.Post, error) {
	filters := []clinic.PostFilter{{Category: post.Category}}
	for _, t := range post.Tags {
		filters = append(filters, clinic.PostFilter{Tag: clinic.Slugify(t)})
	}
	seen := map[string]bool{}
	var out []*clinic.Post
	for _, f := range filters {
		f.Now, f.Limit = s.now(), candidatesPer
		posts, _, err := s.content.Posts(r.Context(), f)
		if err != nil {
			return nil, err
		}
		for _, p := range posts {
			if !seen[p.Slug] {
				seen[p.Slug] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}
