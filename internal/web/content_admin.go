package web

import (
	"context"
	"net/http"
	"strings"

	"clinic"
	"clinic/content"
)

// The back office edits every content item but posts (which have their own
// form) as its file: front matter and Markdown, the format of docs/CONTENT.md
// that content export writes and content import reads. One parser, one set
// of checks, and a file's line numbers in every error.

// contentKinds are the folders an editor can open, with their names.
var contentKinds = []option{
	{"pages", "Pages"}, {"treatments", "Treatments"}, {"doctors", "Doctors"}, {"locations", "Locations"},
	{"categories", "Categories"}, {"videos", "Video FAQ"}, {"publications", "Research: awards, papers, talks"},
}

type contentListPage struct {
	adminPage
	Sections []contentSection
}

type contentSection struct {
	Kind, Name string
	Items      []option // slug and title
}

// contentList lists the items an editor can open.
func (s *Server) contentList(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Pages and content")
	if err != nil {
		return err
	}
	cp := contentListPage{adminPage: p}
	for _, k := range contentKinds {
		items, err := s.contentItems(r.Context(), k.Value)
		if err != nil {
			return err
		}
		cp.Sections = append(cp.Sections, contentSection{Kind: k.Value, Name: k.Name, Items: items})
	}
	return s.renderAdmin(w, http.StatusOK, "admin-content", cp)
}

func (s *Server) contentItems(ctx context.Context, kind string) ([]option, error) {
	c := s.content
	switch kind {
	case "pages":
		return optionsOf(c.Pages(ctx))(func(p *clinic.Page) option { return option{p.Slug, p.Title} })
	case "treatments":
		return optionsOf(c.Treatments(ctx))(func(t *clinic.Treatment) option { return option{t.Slug, t.Title} })
	case "doctors":
		return optionsOf(c.Doctors(ctx))(func(d *clinic.Doctor) option { return option{d.Slug, d.Name} })
	case "locations":
		return optionsOf(c.Locations(ctx))(func(l *clinic.Location) option { return option{l.Slug, l.Name} })
	case "categories":
		return optionsOf(c.Categories(ctx))(func(x *clinic.Category) option { return option{x.Slug, x.Name} })
	case "videos":
		return optionsOf(c.VideoFAQs(ctx))(func(v *clinic.VideoFAQ) option { return option{v.Slug, v.Question} })
	case "publications":
		return optionsOf(c.Publications(ctx))(func(p *clinic.Publication) option { return option{p.Slug, p.Title} })
	}
	return nil, clinic.Errorf(clinic.ENotFound, "There is no such kind of content.")
}

// optionsOf maps a list read from the store to options.
func optionsOf[T any](items []T, err error) func(func(T) option) ([]option, error) {
	return func(f func(T) option) ([]option, error) {
		if err != nil {
			return nil, err
		}
		out := make([]option, len(items))
		for i, it := range items {
			out[i] = f(it)
		}
		return out, nil
	}
}

// contentBundle reads one item from the store as a bundle holding it.
func (s *Server) contentBundle(ctx context.Context, kind, slug string) (*clinic.Bundle, error) {
	c := s.content
	b := &clinic.Bundle{}
	var err error
	switch kind {
	case "site":
		var st *clinic.Settings
		if st, err = c.Settings(ctx); err == nil {
			b.Settings = *st
		}
	case "redirects":
		var all *clinic.Bundle
		if all, err = c.Export(ctx); err == nil {
			b.Redirects = all.Redirects
		}
	case "menu":
		if b.Menu, err = c.Menu(ctx); err == nil && len(b.Menu) == 0 {
			b.Menu = clinic.DefaultMenu()
		}
	case "pages":
		b.Pages, err = oneOf(c.Page(ctx, slug))
	case "treatments":
		b.Treatments, err = oneOf(c.Treatment(ctx, slug))
	case "doctors":
		b.Doctors, err = oneOf(c.Doctor(ctx, slug))
	case "locations":
		b.Locations, err = oneOf(c.Location(ctx, slug))
	case "categories":
		b.Categories, err = oneOf(c.Category(ctx, slug))
	case "videos":
		b.VideoFAQs, err = findSlug(c.VideoFAQs(ctx))(slug, func(v *clinic.VideoFAQ) string { return v.Slug })
	case "publications":
		b.Publications, err = findSlug(c.Publications(ctx))(slug, func(p *clinic.Publication) string { return p.Slug })
	default:
		err = clinic.Errorf(clinic.ENotFound, "There is no such kind of content.")
	}
	return b, err
}

func oneOf[T any](v T, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	return []T{v}, nil
}

func findSlug[T any](items []T, err error) func(string, func(T) string) ([]T, error) {
	return func(slug string, key func(T) string) ([]T, error) {
		if err != nil {
			return nil, err
		}
		for _, it := range items {
			if key(it) == slug {
				return []T{it}, nil
			}
		}
		return nil, clinic.Errorf(clinic.ENotFound, "There is no item %q.", slug)
	}
}

type contentEditPage struct {
	adminPage
	Kind, Slug, Name, Action string
	Text                     string
	New                      bool
}

// itemRoute is the kind and slug of the item a request edits. Settings
// and the redirect table have routes of their own.
func itemRoute(r *http.Request) (kind, slug string) {
	switch r.URL.Path {
	case "/admin/settings":
		return "site", ""
	case "/admin/redirects":
		return "redirects", ""
	case "/admin/menu":
		return "menu", ""
	}
	return r.PathValue("kind"), r.PathValue("slug")
}

// editContent shows an item as its file.
func (s *Server) editContent(w http.ResponseWriter, r *http.Request) error {
	kind, slug := itemRoute(r)
	name, err := content.ItemPath(kind, slug)
	if err != nil {
		return err
	}
	text := newItemTemplate(kind)
	isNew := slug == "new"
	if !isNew {
		b, err := s.contentBundle(r.Context(), kind, slug)
		if err != nil {
			return err
		}
		files, err := content.Files(b)
		if err != nil {
			return err
		}
		text = string(files[name])
	}
	return s.contentEditor(w, r, http.StatusOK, contentEditPage{Kind: kind, Slug: slug, Text: text, New: isNew}, "")
}

func (s *Server) contentEditor(w http.ResponseWriter, r *http.Request, status int, cp contentEditPage, problem string) error {
	cp.Name = map[string]string{"site": "Site settings", "redirects": "Redirects", "menu": "Menu"}[cp.Kind]
	for _, k := range contentKinds {
		if k.Value == cp.Kind {
			cp.Name = k.Name
		}
	}
	title := cp.Name
	if cp.Slug != "" && cp.Slug != "new" {
		title += ": " + cp.Slug
	}
	p, err := s.adminBase(r, title)
	if err != nil {
		return err
	}
	p.Problem = problem
	cp.adminPage, cp.Action = p, "/admin/content/"+cp.Kind+"/"+cp.Slug
	switch cp.Kind {
	case "site":
		cp.Action = "/admin/settings"
	case "redirects":
		cp.Action = "/admin/redirects"
	case "menu":
		cp.Action = "/admin/menu"
	}
	return s.renderAdmin(w, status, "admin-content-edit", cp)
}

// saveContent parses the file an editor sent and saves the item in it.
// The file must hold the item the address names; a new item names its
// slug in the form.
func (s *Server) saveContent(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	kind, slug := itemRoute(r)
	text := strings.ReplaceAll(r.PostForm.Get("text"), "\r\n", "\n")
	cp := contentEditPage{Kind: kind, Slug: slug, Text: text, New: slug == "new"}
	oldSlug := slug
	if cp.New {
		oldSlug = ""
	}
	if next := strings.TrimSpace(r.PostForm.Get("slug")); cp.New || next != "" && slug != "" {
		if !clinic.ValidSlug(next) || next == "new" {
			return s.contentEditor(w, r, http.StatusUnprocessableEntity, cp, "Please give the item an address: lower-case words joined by dashes.")
		}
		slug = next
	}
	name, err := content.ItemPath(kind, slug)
	if err != nil {
		return err
	}
	b, err := content.ReadItem(name, []byte(text))
	if err == nil {
		err = s.cfg.Editor.SaveContent(r.Context(), b, kind, slug, oldSlug, sessionFrom(r.Context()).User.ID)
	}
	if k := clinic.ErrorKind(err); k == clinic.EInvalid || k == clinic.EConflict {
		return s.contentEditor(w, r, http.StatusUnprocessableEntity, cp, "Nothing was saved: "+clinic.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "content.save", kind+":"+slug, clinic.AuditOK, "")
	to := "/admin/content/" + kind + "/" + slug
	if kind == "site" || kind == "redirects" || kind == "menu" {
		to = r.URL.Path
	}
	http.Redirect(w, r, doneURL(to, "saved"), http.StatusSeeOther)
	return nil
}

// newItemTemplate is the file a new item starts from: the keys it needs.
func newItemTemplate(kind string) string {
	switch kind {
	case "pages":
		return "---\ntitle: \"\"\ndescription: \"\"\n---\nWrite the page here.\n"
	case "treatments":
		return "---\ntitle: \"\"\nparent: \"\"\nkind: \"procedure\"\norder: 1\ndescription: \"\"\nsummary: \"\"\n---\n## What it is\n\n## Who it is for\n\n## Recovery\n\n## Risks\n"
	case "doctors":
		return "---\nname: \"\"\ncredentials: \"\"\nrole: \"\"\norder: 1\ndescription: \"\"\nsummary: \"\"\n---\n"
	case "locations":
		return "---\ncity: \"\"\nname: \"\"\nstreet: \"\"\nregion: \"WA\"\npostal_code: \"\"\nphone: \"\"\ndescription: \"\"\nsummary: \"\"\n---\n"
	case "categories":
		return "---\nname: \"\"\ndescription: \"\"\n---\n"
	case "videos":
		return "---\nquestion: \"\"\nvideo_url: \"\"\norder: 1\n---\nThe written answer.\n"
	case "publications":
		return "---\nkind: \"publication\"\ntitle: \"\"\nauthors: \"\"\nvenue: \"\"\nyear: 2026\n---\n"
	}
	return ""
}

// deleteContent removes a content item, or a post. An item still in use
// comes back to its editor with the reason.
func (s *Server) deleteContent(w http.ResponseWriter, r *http.Request) error {
	kind, slug, back, list := r.PathValue("kind"), r.PathValue("slug"), "", "/admin/content"
	if kind == "" {
		kind, back, list = "post", "/admin/posts/"+slug, "/admin/posts"
	} else {
		back = "/admin/content/" + kind + "/" + slug
	}
	err := s.cfg.Editor.DeleteContent(r.Context(), kind, slug)
	if clinic.ErrorKind(err) == clinic.EConflict {
		s.audit(r, sessionFrom(r.Context()), "content.delete", kind+":"+slug, clinic.AuditRefused, "still in use")
		return clinic.Errorf(clinic.EConflict, "%s Go back to %s.", clinic.ErrorMessage(err), back)
	} else if err != nil {
		return err
	}
	s.audit(r, sessionFrom(r.Context()), "content.delete", kind+":"+slug, clinic.AuditOK, "")
	http.Redirect(w, r, doneURL(list, "deleted"), http.StatusSeeOther)
	return nil
}

type tagsPage struct {
	adminPage
	Tags []*clinic.Tag
}

// tags lists the blog's tags for renaming and removal. Tags are made as
// posts name them.
func (s *Server) tags(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Tags")
	if err != nil {
		return err
	}
	tp := tagsPage{adminPage: p}
	if tp.Tags, err = s.content.Tags(r.Context()); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-tags", tp)
}

// tagUpdate renames a tag or removes it from every post.
func (s *Server) tagUpdate(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug, ctx := r.PathValue("slug"), r.Context()
	var err error
	action := r.PostForm.Get("action")
	switch action {
	case "rename":
		err = s.cfg.Editor.RenameTag(ctx, slug, r.PostForm.Get("name"))
	case "delete":
		err = s.cfg.Editor.DeleteTag(ctx, slug)
	default:
		err = clinic.Errorf(clinic.EInvalid, "Unknown action.")
	}
	if err != nil {
		return err
	}
	s.audit(r, sessionFrom(ctx), "tag."+action, "tag:"+slug, clinic.AuditOK, "")
	http.Redirect(w, r, doneURL("/admin/tags", "saved"), http.StatusSeeOther)
	return nil
}
