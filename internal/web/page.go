package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"clinic"
	"clinic/internal/jsonld"
	"clinic/internal/schedule"
)

// basePage is what every page's data embeds: the site's settings and
// what the layout needs for the head, the navigation and the footer.
type basePage struct {
	Site        *clinic.Settings
	Title       string // this page's title; the layout adds the clinic's name
	Description string
	Path        string // this page's path, for the canonical link and the nav
	Canonical   string
	BaseURL     string
	OGType      string // "website" or "article"
	Crumbs      []jsonld.Crumb
	JSONLD      []template.HTML
	Feeds       []feedLink // extra feeds besides the blog's
	Query       string     // the search box's value
	Nav         []navItem  // the main navigation
	NoIndex     bool
	Year        int
}

type feedLink struct {
	Title, Type, URL string
}

// base builds the common part of a page. Breadcrumbs start at Home.
func (s *Server) base(ctx context.Context, r *http.Request, title, description string, crumbs ...jsonld.Crumb) (basePage, error) {
	site, err := s.content.Settings(ctx)
	if err != nil {
		return basePage{}, err
	}
	s.lastSite.Store(site)
	menu, err := s.content.Menu(ctx)
	if err != nil {
		return basePage{}, err
	}
	p := basePage{
		Nav:  navOf(menu, r.URL.Path),
		Site: site, Title: title, Description: description,
		Path: r.URL.Path, BaseURL: s.cfg.BaseURL,
		Canonical: s.cfg.BaseURL + r.URL.Path,
		OGType:    "website",
		Year:      s.now().In(s.zone(site)).Year(),
	}
	if len(crumbs) > 0 {
		p.Crumbs = append([]jsonld.Crumb{{Name: "Home", Path: "/"}}, crumbs...)
		if err := p.addJSONLD(jsonld.Breadcrumbs(p.Crumbs, s.cfg.BaseURL)); err != nil {
			return basePage{}, err
		}
	}
	return p, nil
}

func (p *basePage) addJSONLD(v any) error {
	h, err := jsonld.Script(v)
	if err != nil {
		return fmt.Errorf("web: json-ld: %w", err)
	}
	p.JSONLD = append(p.JSONLD, h)
	return nil
}

// zone is the clinic's time zone: schedule.DefaultZone when the setting
// names none we know, never the server's own or UTC, so that opening hours
// keep their meaning.
func (s *Server) zone(site *clinic.Settings) *time.Location {
	if loc, ok := s.zones.Load(site.TimeZone); ok {
		return loc.(*time.Location) // LoadLocation reads a file: once per name is enough
	}
	loc := schedule.LoadZone(site.TimeZone)
	s.zones.Store(site.TimeZone, loc)
	return loc
}

// funcs are the template functions.
func (s *Server) funcs() template.FuncMap {
	return template.FuncMap{
		"asset":        func(name string) (string, error) { return s.assets.url(name) },
		"markdown":     func(src string) (template.HTML, error) { return s.md.HTML(src) },
		"date":         func(t time.Time) string { return t.In(s.lastZone()).Format("January 2, 2006") },
		"isodate":      func(t time.Time) string { return t.Format(time.RFC3339) },
		"tel":          telURI,
		"slugify":      clinic.Slugify,
		"join":         strings.Join,
		"add":          func(a, b int) int { return a + b },
		"hours":        formatHours,
		"snippet":      snippetHTML,
		"navItem":      newNavItem,
		"field":        newField,
		"roles":        func() []clinic.Role { return clinic.Roles },
		"datetime":     func(t time.Time) string { return t.In(s.lastZone()).Format("Jan 2, 2006, 3:04 PM MST") },
		"leadStatuses": func() []option { return leadStatuses },
		"leadStatus":   leadStatusName,
		"dayLabel":     dayLabel,
		"clockLabel":   clockLabel,
		"shortClock":   shortClock,
		"zoneName":     zoneName,
		"minutes":      func(d time.Duration) int { return int(d / time.Minute) },
		"apptStatus":   apptStatusName,
		"formTitle":    clinic.FormTitle,
		"apptMinutes":  apptMinutes,
		"mailKind":     mailKindName,
	}
}

// navItem is a link of the main navigation.
type navItem struct {
	URL, Name string
	Current   bool
}

// navOf is the main navigation with the current page marked; the default
// menu when the site has none.
func navOf(menu []*clinic.MenuItem, current string) []navItem {
	if len(menu) == 0 {
		menu = clinic.DefaultMenu()
	}
	nav := make([]navItem, len(menu))
	for i, m := range menu {
		nav[i] = newNavItem(current, m.URL, m.Name)
	}
	return nav
}

func newNavItem(current, url, name string) navItem {
	return navItem{URL: url, Name: name, Current: current == url || strings.HasPrefix(current, url+"/")}
}

// formField is one labelled input of a form, with its error.
type formField struct {
	Name, Label, Type, Value, Error, Autocomplete string
	Required                                      bool
}

func newField(name, label, typ, value string, errs clinic.FieldErrors, autocomplete string, required bool) formField {
	return formField{Name: name, Label: label, Type: typ, Value: value, Error: errs[name], Autocomplete: autocomplete, Required: required}
}

// telURI turns a displayed phone number into a tel: link target.
func telURI(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if r >= '0' && r <= '9' || r == '+' {
			b.WriteRune(r)
		}
	}
	n := b.String()
	if len(n) == 10 {
		n = "+1" + n
	}
	return template.URL("tel:" + n)
}

// formatHours turns "Mo-Fr" into "Monday to Friday".
func formatHours(days string) string {
	var parts []string
	for _, d := range strings.Split(days, ",") {
		from, to, ok := strings.Cut(strings.TrimSpace(d), "-")
		if ok {
			parts = append(parts, dayName(from)+" to "+dayName(to))
		} else {
			parts = append(parts, dayName(from))
		}
	}
	return strings.Join(parts, ", ")
}

func dayName(d string) string {
	for _, n := range []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"} {
		if n[:2] == d {
			return n
		}
	}
	return d
}

// snippetHTML escapes a search snippet and marks its matches.
func snippetHTML(s string) template.HTML {
	esc := template.HTMLEscapeString(s)
	esc = strings.ReplaceAll(esc, clinic.SnippetStart, "<mark>")
	esc = strings.ReplaceAll(esc, clinic.SnippetEnd, "</mark>")
	if open := strings.Count(esc, "<mark>") - strings.Count(esc, "</mark>"); open > 0 {
		esc += "</mark>"
	}
	return template.HTML(esc)
}

// option is a choice of a select element.
type option struct{ Value, Name string }

var leadStatuses = []option{{clinic.LeadNew, "New"}, {clinic.LeadInProgress, "In progress"}, {clinic.LeadDone, "Done"}}

func leadStatusName(v string) string {
	for _, o := range leadStatuses {
		if o.Value == v {
			return o.Name
		}
	}
	return v
}

// lastZone is the clinic's time zone as last read, for formatting times in
// the back office.
func (s *Server) lastZone() *time.Location {
	if site := s.lastSite.Load(); site != nil {
		return s.zone(site)
	}
	return time.UTC
}
