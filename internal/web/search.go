package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"clinic"
	"clinic/internal/jsonld"
)

// searchResults is how many results a page of search shows.
const searchResults = 10

// maxQuery bounds a search query; longer ones are cut, not refused.
const maxQuery = 200

// maxSearchPage is the highest page number worth computing an offset for;
// a higher one is beyond the last page all the same.
const maxSearchPage = 1 << 16

type searchPage struct {
	basePage
	Results     []searchHit
	Total       int
	Page, Pages int    // this page and the last
	First       int    // the number of the first result on this page
	PrevURL     string // the page before, when there is one
	NextURL     string // the page after, when there is one
	Problem     string // why this page shows no results, when it is not that nothing matched
	LastURL     string // the last page, for a page beyond it
	Suggestion  string // a better-spelt query that finds more, when this one finds little
	SuggestURL  string // the search for Suggestion
}

type searchHit struct {
	clinic.SearchResult
	URL, KindName string
}

// search answers /search?q=&page=. Any query is accepted: invalid UTF-8 is
// replaced, long ones are cut, and operators are the store's to
// neutralise. A page number that is not a whole number from 1 is a 400; a
// page beyond the last is a 404 that says where the results end. A first
// page with few results offers a better-spelt query when there is one.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	q := cleanQuery(r.URL.Query().Get("q"))
	p := searchPage{Page: 1}
	var err error
	if p.basePage, err = s.base(ctx, r, "Search", "Search our treatments, doctors, articles and pages.", jsonld.Crumb{Name: "Search", Path: "/search"}); err != nil {
		return err
	}
	p.Query, p.NoIndex = q, true
	w.Header().Set("Cache-Control", "no-cache")
	page, ok := searchPageNumber(r.URL.Query().Get("page"))
	if !ok {
		p.Problem = "The page number must be a whole number from 1 up, like page=2."
		return s.render(w, http.StatusBadRequest, "search", p)
	}
	if q == "" {
		return s.render(w, http.StatusOK, "search", p)
	}
	found, err := s.content.Search(ctx, clinic.SearchQuery{Text: q, Now: s.now(),
		Offset: (min(page, maxSearchPage) - 1) * searchResults, Limit: searchResults, Suggest: page == 1})
	if err != nil {
		return err
	}
	p.fill(q, page, found)
	status := http.StatusOK
	if page > 1 && len(p.Results) == 0 {
		status = http.StatusNotFound
		p.Problem = fmt.Sprintf("There is no page %d of results for “%s”.", page, q)
	}
	return s.render(w, status, "search", p)
}

// searchPageNumber reads the page parameter: empty is the first page.
func searchPageNumber(s string) (int, bool) {
	if s == "" {
		return 1, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 1
}

// fill puts page of the results found for q on the page, with links to
// the pages around it.
func (p *searchPage) fill(q string, page int, found *clinic.SearchResults) {
	p.Title = "Search results for “" + q + "”"
	if page > 1 {
		p.Title += " (page " + strconv.Itoa(page) + ")"
	}
	p.Page, p.Total = page, found.Total
	p.Pages = (found.Total + searchResults - 1) / searchResults
	p.First = (page-1)*searchResults + 1
	for _, res := range found.Results {
		url, name := resultURL(res.Kind, res.Slug)
		p.Results = append(p.Results, searchHit{SearchResult: res, URL: url, KindName: name})
	}
	if found.Suggestion != "" {
		p.Suggestion, p.SuggestURL = found.Suggestion, searchURL(found.Suggestion, 1)
	}
	if len(p.Results) == 0 && p.Pages > 0 {
		p.LastURL = searchURL(q, p.Pages)
	}
	if page > 1 && page <= p.Pages {
		p.PrevURL = searchURL(q, page-1)
	}
	if page < p.Pages {
		p.NextURL = searchURL(q, page+1)
	}
}

// searchURL is the address of page of the results for q.
func searchURL(q string, page int) string {
	v := url.Values{"q": {q}}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/search?" + v.Encode()
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
