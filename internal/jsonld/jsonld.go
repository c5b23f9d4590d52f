// Package jsonld builds the schema.org structured data of the site's pages
// as JSON-LD, and the script element that carries it. Builders take content
// values and the site's absolute base URL ("https://clinic.example") and
// return typed values that marshal with encoding/json; they do no I/O.
package jsonld

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"strings"
	"time"
)

// schemaContext is the @context of every top-level node.
const schemaContext = "https://schema.org"

// Script marshals v and wraps it in a script element of type
// application/ld+json, ready to place in a page. encoding/json writes <, >
// and & as \u003c, \u003e and \u0026 (and U+2028, U+2029 escaped too), so
// no text in v can close the element or open a comment; Script runs
// json.HTMLEscape over the result as well so that the guarantee holds for
// any json.Marshaler v may contain.
func Script(v any) (template.HTML, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("jsonld: script: %w", err)
	}
	var b bytes.Buffer
	b.Grow(len(data) + 64)
	b.WriteString(`<script type="application/ld+json">`)
	json.HTMLEscape(&b, data)
	b.WriteString(`</script>`)
	return template.HTML(b.String()), nil
}

// Crumb is one step of a breadcrumb trail: a name and a site path ("/blog").
type Crumb struct {
	Name string
	Path string
}

// BreadcrumbList is a schema.org BreadcrumbList.
type BreadcrumbList struct {
	Context         string     `json:"@context"`
	Type            string     `json:"@type"`
	ItemListElement []ListItem `json:"itemListElement"`
}

// ListItem is one step of a BreadcrumbList.
type ListItem struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item,omitempty"`
}

// Breadcrumbs returns the BreadcrumbList of items, numbered from 1, each
// pointing at its absolute URL.
func Breadcrumbs(items []Crumb, baseURL string) BreadcrumbList {
	l := BreadcrumbList{Context: schemaContext, Type: "BreadcrumbList", ItemListElement: []ListItem{}}
	for i, c := range items {
		l.ItemListElement = append(l.ItemListElement, ListItem{
			Type:     "ListItem",
			Position: i + 1,
			Name:     c.Name,
			Item:     absURL(baseURL, c.Path),
		})
	}
	return l
}

// absURL joins the site's base URL and a path. A path that is already an
// absolute URL is returned as it is; an empty path is the home page.
func absURL(baseURL, path string) string {
	if strings.HasPrefix(path, "https://") || strings.HasPrefix(path, "http://") {
		return path
	}
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	return strings.TrimRight(baseURL, "/") + path
}

// isoTime formats t as an ISO 8601 date-time with its offset, or "" when
// t is zero so that omitempty leaves it out.
func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}
