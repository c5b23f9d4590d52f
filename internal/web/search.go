package web

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"clinic"
	"clinic/internal/jsonld"
)

// searchResults is how many of the best matches a search shows.
const searchResults = 10

// maxQuery bounds a search query; longer ones are cut, not refused.
const maxQuery = 200

type searchPage struct {
	basePage
	Results []searchHit
}

type searchHit struct {
	clinic.SearchResult
	URL, KindName string
}

// search answers /search?q=. Any query is accepted: invalid UTF-8 is
// replaced, long ones are cut, and operators are the store's to neutralise.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := cleanQuery(r.URL.Query().Get("q"))
	p := searchPage{}
	var err error
	if p.basePage, err = s.base(ctx, r, "Search", "Search our treatments, doctors, articles and pages.", jsonld.Crumb{Name: "Search", Path: "/search"}); err != nil {
		return err
	}
	p.Query, p.NoIndex = q, true
	if q != "" {
		p.Title = "Search results for “" + q + "”"
		results, err := s.content.Search(ctx, q, s.now(), searchResults)
		if err != nil {
			return err
		}
		for _, res := range results {
			url, name := resultURL(res.Kind, res.Slug)
			p.Results = append(p.Results, searchHit{SearchResult: res, URL: url, KindName: name})
		}
	}
	w.Header().Set("Cache-Control", "no-cache")
	return s.render(w, http.StatusOK, "search", p)
}

// cleanQuery makes a query safe to show and to search with.
func cleanQuery(q string) string {
	q = strings.ToValidUTF8(q, " ")
	q = strings.Map(func(r rune) rune {
		if r < ' ' || r == 0x7f {
			return ' '
		}
		return r
	}, q)
	if utf8.RuneCountInString(q) > maxQuery {
		q = string([]rune(q)[:maxQuery])
	}
	return strings.Join(strings.Fields(q), " ")
}

func resultURL(kind, slug string) (url, name string) {
	switch kind {
	case "post":
		return "/blog/" + slug, "Article"
	case "treatment":
		return "/treatments/" + slug, "Treatment"
	case "doctor":
		return "/doctors/" + slug, "Doctor"
	}
	return "/" + slug, "Page"
}
