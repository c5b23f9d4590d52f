package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"clinic"
)

const adminPostsPerPage = 50

type adminPostsPage struct {
	adminPage
	Posts    []*clinic.Post
	Total    int
	NextPage int
}

func (s *Server) adminPosts(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Posts")
	if err != nil {
		return err
	}
	page := 1
	if n, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && n > 1 && n < 100000 {
		page = n
	}
	ap := adminPostsPage{adminPage: p}
	if ap.Posts, ap.Total, err = s.cfg.Editor.AdminPosts(r.Context(), adminPostsPerPage, (page-1)*adminPostsPerPage); err != nil {
		return err
	}
	if page*adminPostsPerPage < ap.Total {
		ap.NextPage = page + 1
	}
	return s.renderAdmin(w, http.StatusOK, "admin-posts", ap)
}

// postForm is the editor's form as typed, so that a form sent back with
// mistakes keeps everything.
type postForm struct {
	OldSlug, Slug, Title, Description, Author, Category, Tags, Body, Status, PublishAt string
}

type editPostPage struct {
	adminPage
	Form       postForm
	New        bool
	Public     bool // the post is visible on the site now
	Doctors    []*clinic.Doctor
	Categories []*clinic.Category
	Zone       string
}

func (s *Server) newPost(w http.ResponseWriter, r *http.Request) error {
	return s.postEditor(w, r, http.StatusOK, postForm{Status: clinic.StatusDraft}, true, nil, "")
}

func (s *Server) editPost(w http.ResponseWriter, r *http.Request) error {
	p, err := s.cfg.Editor.PostAny(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	return s.postEditor(w, r, http.StatusOK, formOfPost(p, s.zone(site)), false, nil, "")
}

// formOfPost fills the form from a stored post; times in the clinic's zone.
func formOfPost(p *clinic.Post, zone *time.Location) postForm {
	f := postForm{OldSlug: p.Slug, Slug: p.Slug, Title: p.Title, Description: p.Description, Author: p.Author,
		Category: p.Category, Tags: strings.Join(p.Tags, ", "), Body: p.Body, Status: p.Status}
	if !p.PublishedAt.IsZero() {
		f.PublishAt = p.PublishedAt.In(zone).Format("2006-01-02T15:04")
	}
	return f
}

func (s *Server) postEditor(w http.ResponseWriter, r *http.Request, status int, f postForm, isNew bool, errs clinic.FieldErrors, problem string) error {
	ctx := r.Context()
	title := "New post"
	if !isNew {
		title = "Edit: " + f.Title
	}
	p, err := s.adminBase(r, title)
	if err != nil {
		return err
	}
	p.Errors, p.Problem = errs, problem
	ep := editPostPage{adminPage: p, Form: f, New: isNew, Zone: s.zone(p.Site).String()}
	if ep.Doctors, err = s.content.Doctors(ctx); err != nil {
		return err
	}
	if ep.Categories, err = s.content.Categories(ctx); err != nil {
		return err
	}
	if !isNew {
		if _, err := s.content.Post(ctx, f.OldSlug, s.now()); err == nil {
			ep.Public = true
		}
	}
	return s.renderAdmin(w, status, "admin-post", ep)
}

// savePost saves the editor's form. The button pressed decides the
// status: save as draft, publish now, schedule, or unpublish.
func (s *Server) savePost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx, sess := r.Context(), sessionFrom(r.Context())
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	f := postForm{OldSlug: r.PathValue("slug"), Slug: strings.TrimSpace(r.PostForm.Get("slug")), Title: r.PostForm.Get("title"),
		Description: r.PostForm.Get("description"), Author: r.PostForm.Get("author"), Category: r.PostForm.Get("category"),
		Tags: r.PostForm.Get("tags"), Body: r.PostForm.Get("body"), PublishAt: r.PostForm.Get("publish_at")}
	isNew := f.OldSlug == ""
	if f.Slug == "" {
		f.Slug = clinic.Slugify(f.Title)
	}
	p, errs := s.postOfForm(f, r.PostForm.Get("action"), s.zone(site))
	f.Status = p.Status
	if errs == nil {
		errs = p.ValidatePost()
	}
	if errs != nil {
		return s.postEditor(w, r, http.StatusUnprocessableEntity, f, isNew, errs, "The post was not saved. Please correct the fields marked below.")
	}
	if err := s.cfg.Editor.SavePost(ctx, p, f.OldSlug, sess.User.ID); err != nil {
		if k := clinic.ErrorKind(err); k == clinic.EInvalid || k == clinic.EConflict {
			return s.postEditor(w, r, http.StatusUnprocessableEntity, f, isNew, nil, clinic.ErrorMessage(err))
		}
		return err
	}
	s.audit(r, sess, "post.save", "post:"+p.Slug, clinic.AuditOK, p.Status)
	done := map[string]string{clinic.StatusDraft: "saved", clinic.StatusPublished: "published", clinic.StatusScheduled: "scheduled"}[p.Status]
	if r.PostForm.Get("action") == "unpublish" {
		done = "unpublished"
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+p.Slug, done), http.StatusSeeOther)
	return nil
}

// postOfForm turns the form into a post. Publishing now stamps the
// current time unless the post already has a past one; scheduling needs
// a time in the future.
func (s *Server) postOfForm(f postForm, action string, zone *time.Location) (*clinic.Post, clinic.FieldErrors) {
	p := &clinic.Post{Slug: f.Slug, Title: f.Title, Description: f.Description, Author: f.Author,
		Category: f.Category, Body: f.Body}
	for _, t := range strings.Split(f.Tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			p.Tags = append(p.Tags, t)
		}
	}
	now := s.now()
	var at time.Time
	if f.PublishAt != "" {
		var err error
		if at, err = time.ParseInLocation("2006-01-02T15:04", f.PublishAt, zone); err != nil {
			// Browsers send seconds when the field's step asks for them.
			if at, err = time.ParseInLocation("2006-01-02T15:04:05", f.PublishAt, zone); err != nil {
				return p, clinic.FieldErrors{"publish_at": "Please give a date and time such as 2026-12-01 09:00."}
			}
		}
	}
	switch action {
	case "publish":
		p.Status, p.PublishedAt = clinic.StatusPublished, at
		if at.IsZero() || at.After(now) {
			p.PublishedAt = now
		}
	case "schedule":
		if !at.After(now) {
			return p, clinic.FieldErrors{"publish_at": "Please give a time in the future to publish at."}
		}
		p.Status, p.PublishedAt = clinic.StatusScheduled, at
	case "save", "unpublish", "":
		p.Status, p.PublishedAt = clinic.StatusDraft, at
	default:
		return p, clinic.FieldErrors{"status": "Unknown action."}
	}
	return p, nil
}

type revisionsPage struct {
	adminPage
	Base      string // the item's editor: "/admin/posts/x", "/admin/content/pages/about"
	Revisions []*clinic.Revision
	Diff      []diffRow
	A, B      *clinic.Revision
}

// postRevisions lists a post's revisions.
func (s *Server) postRevisions(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	return s.revisions(w, r, "post", slug, "/admin/posts/"+slug)
}

// contentRevisions lists the revisions of a content item.
func (s *Server) contentRevisions(w http.ResponseWriter, r *http.Request) error {
	kind, slug := r.PathValue("kind"), r.PathValue("slug")
	return s.revisions(w, r, kind, slug, "/admin/content/"+kind+"/"+slug)
}

// revisions lists an item's revisions, and with ?a=&b= shows two of them
// side by side.
func (s *Server) revisions(w http.ResponseWriter, r *http.Request, kind, slug, base string) error {
	ctx := r.Context()
	p, err := s.adminBase(r, "Revisions")
	if err != nil {
		return err
	}
	rp := revisionsPage{adminPage: p, Base: base}
	if rp.Revisions, err = s.cfg.Editor.Revisions(ctx, kind, slug); err != nil {
		return err
	}
	if len(rp.Revisions) == 0 {
		return clinic.Errorf(clinic.ENotFound, "This item has no revisions yet.")
	}
	q := r.URL.Query()
	if q.Get("a") != "" || q.Get("b") != "" {
		if rp.A, err = s.revisionOf(r, q.Get("a"), kind, slug); err != nil {
			return err
		}
		if rp.B, err = s.revisionOf(r, q.Get("b"), kind, slug); err != nil {
			return err
		}
		rp.Diff = diffLines(revisionText(rp.A), revisionText(rp.B))
	}
	return s.renderAdmin(w, http.StatusOK, "admin-revisions", rp)
}

func (s *Server) revisionOf(r *http.Request, id, kind, slug string) (*clinic.Revision, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return nil, clinic.Errorf(clinic.EInvalid, "Choose two revisions to compare.")
	}
	v, err := s.cfg.Editor.Revision(r.Context(), n)
	if err != nil {
		return nil, err
	}
	if v.Kind != kind || v.Slug != slug {
		return nil, clinic.Errorf(clinic.ENotFound, "There is no such revision of this item.")
	}
	return v, nil
}

// restoreContent opens the content editor with an old revision's file;
// nothing is saved until the editor saves.
func (s *Server) restoreContent(w http.ResponseWriter, r *http.Request) error {
	kind, slug := r.PathValue("kind"), r.PathValue("slug")
	v, err := s.revisionOf(r, r.PathValue("id"), kind, slug)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	q.Set("done", "restored")
	r.URL.RawQuery = q.Encode()
	return s.contentEditor(w, r, http.StatusOK, contentEditPage{Kind: kind, Slug: slug, Text: revisionText(v)}, "")
}

// restorePost opens the editor filled with an old revision; nothing is
// saved until the editor saves, which then makes a new revision.
func (s *Server) restorePost(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	v, err := s.revisionOf(r, r.PathValue("id"), "post", slug)
	if err != nil {
		return err
	}
	var p clinic.Post
	if err := json.Unmarshal([]byte(v.Data), &p); err != nil {
		return err
	}
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return err
	}
	f := formOfPost(&p, s.zone(site))
	f.OldSlug = slug
	q := r.URL.Query()
	q.Set("done", "restored")
	r.URL.RawQuery = q.Encode()
	return s.postEditor(w, r, http.StatusOK, f, false, nil, "")
}
