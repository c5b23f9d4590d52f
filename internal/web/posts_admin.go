package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"clinic"
)

// editorRoutes are the post editor's routes beyond the main table's:
// autosave and pending changes, unpublishing, restoring a revision, and
// removing an image.
func (s *Server) editorRoutes() []adminRoute {
	return []adminRoute{
		{"POST /admin/posts/{slug}/autosave", clinic.PermContent, s.autosavePost},
		{"POST /admin/posts/{slug}/discard", clinic.PermContent, s.discardPending},
		{"GET /admin/posts/{slug}/unpublish", clinic.PermContent, s.unpublishConfirm},
		{"POST /admin/posts/{slug}/unpublish", clinic.PermContent, s.unpublishPost},
		{"POST /admin/posts/{slug}/revisions/{id}/restore", clinic.PermContent, s.restorePostPending},
		{"POST /admin/media/{id}/delete", clinic.PermContent, s.mediaDelete},
	}
}

const adminPostsPerPage = 50

type adminPostsPage struct {
	adminPage
	Posts    []*clinic.Post
	Pending  map[string]bool // posts with changes not saved to them yet
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
	ap := adminPostsPage{adminPage: p, Pending: map[string]bool{}}
	if ap.Posts, ap.Total, err = s.cfg.Editor.AdminPosts(r.Context(), adminPostsPerPage, (page-1)*adminPostsPerPage); err != nil {
		return err
	}
	slugs, err := s.cfg.Editor.PendingSlugs(r.Context())
	if err != nil {
		return err
	}
	for _, slug := range slugs {
		ap.Pending[slug] = true
	}
	if page*adminPostsPerPage < ap.Total {
		ap.NextPage = page + 1
	}
	return s.renderAdmin(w, http.StatusOK, "admin-posts", ap)
}

// postForm is the editor's form as typed, so that a form sent back with
// mistakes keeps everything. Base is the newest saved revision the editor
// started from, which autosave names.
type postForm struct {
	OldSlug, Slug, Title, Description, Author, Category, Tags, Body, Status, PublishAt, Base string
}

// postFormOf reads the editor's form from a parsed request.
func postFormOf(r *http.Request) postForm {
	v := r.PostForm
	f := postForm{OldSlug: r.PathValue("slug"), Slug: strings.TrimSpace(v.Get("slug")), Title: v.Get("title"),
		Description: v.Get("description"), Author: v.Get("author"), Category: v.Get("category"),
		Tags: v.Get("tags"), Body: v.Get("body"), PublishAt: v.Get("publish_at"), Base: v.Get("base")}
	if f.OldSlug == "new" {
		f.OldSlug = ""
	}
	if f.Slug == "" {
		f.Slug = clinic.Slugify(f.Title)
	}
	return f
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

func (s *Server) newPost(w http.ResponseWriter, r *http.Request) error {
	return s.postEditor(w, r, http.StatusOK, postForm{Status: clinic.StatusDraft}, nil, "")
}

// editPost opens a post in the editor: its pending revision when it has
// one, the post as stored otherwise.
func (s *Server) editPost(w http.ResponseWriter, r *http.Request) error {
	ctx, slug := r.Context(), r.PathValue("slug")
	p, err := s.cfg.Editor.PostAny(ctx, slug)
	if err != nil {
		return err
	}
	es, err := s.cfg.Editor.EditState(ctx, slug)
	if err != nil {
		return err
	}
	if es.Pending != nil {
		if p, err = es.Pending.Post(); err != nil {
			return err
		}
	}
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	f := formOfPost(p, s.zone(site))
	f.OldSlug, f.Base = slug, strconv.FormatInt(es.Base, 10)
	return s.postEditor(w, r, http.StatusOK, f, nil, "")
}

type editPostPage struct {
	adminPage
	Form       postForm
	New        bool
	Public     bool             // the post is visible on the site now
	Pending    *clinic.Revision // changes not saved to the post yet
	Doctors    []*clinic.Doctor
	Categories []*clinic.Category
	Images     []*clinic.Media // for the picker, newest first
	Zone       string
}

// editorImages is how many of the newest images the picker offers.
const editorImages = 60

func (s *Server) postEditor(w http.ResponseWriter, r *http.Request, status int, f postForm, errs clinic.FieldErrors, problem string) error {
	ctx := r.Context()
	ep := editPostPage{Form: f, New: f.OldSlug == ""}
	title := "New post"
	if !ep.New {
		title = "Edit: " + f.Title
	}
	p, err := s.adminBase(r, title)
	if err != nil {
		return err
	}
	p.Errors, p.Problem = errs, problem
	if msg, ok := postFlashes[r.URL.Query().Get("done")]; ok {
		p.Flash = msg
	}
	ep.adminPage, ep.Zone = p, s.zone(p.Site).String()
	if ep.Doctors, err = s.content.Doctors(ctx); err != nil {
		return err
	}
	if ep.Categories, err = s.content.Categories(ctx); err != nil {
		return err
	}
	if s.cfg.Media != nil {
		if ep.Images, _, err = s.cfg.Media.MediaList(ctx, editorImages, 0); err != nil {
			return err
		}
	}
	if ep.New {
		return s.renderAdmin(w, status, "admin-post", ep)
	}
	if err := s.editorState(r, &ep); err != nil {
		return err
	}
	return s.renderAdmin(w, status, "admin-post", ep)
}

// editorState fills in whether the post is live, its pending revision and,
// when the form does not carry one, the base autosave names.
func (s *Server) editorState(r *http.Request, ep *editPostPage) error {
	stored, err := s.cfg.Editor.PostAny(r.Context(), ep.Form.OldSlug)
	if err != nil {
		return err
	}
	es, err := s.cfg.Editor.EditState(r.Context(), ep.Form.OldSlug)
	if err != nil {
		return err
	}
	ep.Public, ep.Pending = stored.Visible(s.now()), es.Pending
	if ep.Form.Base == "" {
		ep.Form.Base = strconv.FormatInt(es.Base, 10)
	}
	if ep.Form.Status == "" || ep.Public {
		ep.Form.Status = stored.Status
	}
	return nil
}

// postFlashes are the editor's own messages after a change.
var postFlashes = map[string]string{
	"saved":       "Saved as a draft. It is not on the site.",
	"published":   "Published: the post is on the site.",
	"updated":     "Updated: the site shows your changes.",
	"scheduled":   "Scheduled.",
	"pending":     "Your changes are saved but not live yet: the site still shows the published version. Press Update to publish them.",
	"discarded":   "Your pending changes were discarded. The revisions list still has them.",
	"unpublished": "Unpublished: the post is a draft and its address no longer shows it.",
	"restoring":   "This is the older revision's text, with the post's address and status as they are. Nothing is saved until you save.",
	"restored":    "The revision's text is in the editor as pending changes; its address and status are as they were. Nothing on the site changed.",
}

// savePost saves the editor's form. The button pressed decides what
// happens: a post on the site keeps its changes pending ("save") or
// shows them at once ("publish", Update); any other post is saved as a
// draft, scheduled, or published.
func (s *Server) savePost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	ctx := r.Context()
	site, err := s.content.Settings(ctx)
	if err != nil {
		return err
	}
	f, action := postFormOf(r), r.PostForm.Get("action")
	var stored *clinic.Post
	if f.OldSlug != "" {
		if stored, err = s.cfg.Editor.PostAny(ctx, f.OldSlug); err != nil {
			return err
		}
	}
	live := stored != nil && stored.Visible(s.now())
	p, errs := s.postOfForm(f, action, s.zone(site))
	f.Status = p.Status
	if errs == nil && live {
		errs = liveActionErrors(action)
	}
	if errs == nil {
		errs = p.ValidatePost()
	}
	if errs != nil {
		return s.postEditor(w, r, http.StatusUnprocessableEntity, f, errs, "The post was not saved. Please correct the fields marked below.")
	}
	if live && action == "save" {
		return s.savePendingForm(w, r, f, stored, p)
	}
	return s.writePost(w, r, f, p, live)
}

// liveActionErrors refuses the actions that would take a live post off
// the site from the editor's form.
func liveActionErrors(action string) clinic.FieldErrors {
	if action == "schedule" || action == "unpublish" {
		return clinic.FieldErrors{"publish_at": "This post is on the site. To take it off until a later time, unpublish it first."}
	}
	return nil
}

// writePost saves p to the post, audited in the same transaction.
func (s *Server) writePost(w http.ResponseWriter, r *http.Request, f postForm, p *clinic.Post, live bool) error {
	ctx, e := s.auditing(r, "post.save", "post:"+p.Slug, p.Status)
	err := s.audited(r, e, s.cfg.Editor.SavePost(ctx, p, f.OldSlug, sessionFrom(ctx).User.ID))
	if k := clinic.ErrorKind(err); k == clinic.EInvalid || k == clinic.EConflict {
		return s.postEditor(w, r, http.StatusUnprocessableEntity, f, nil, clinic.ErrorMessage(err))
	} else if err != nil {
		return err
	}
	done := map[string]string{clinic.StatusDraft: "saved", clinic.StatusPublished: "published", clinic.StatusScheduled: "scheduled"}[p.Status]
	if live {
		done = "updated"
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+p.Slug, done), http.StatusSeeOther)
	return nil
}

// savePendingForm keeps the form of a live post as its pending revision.
func (s *Server) savePendingForm(w http.ResponseWriter, r *http.Request, f postForm, stored, p *clinic.Post) error {
	p.Status, p.PublishedAt = stored.Status, stored.PublishedAt
	ctx, e := s.auditing(r, "post.pending", "post:"+stored.Slug, "saved for later")
	_, err := s.cfg.Editor.SavePending(ctx, stored.Slug, -1, p, sessionFrom(ctx).User.ID)
	if err = s.audited(r, e, err); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+stored.Slug, "pending"), http.StatusSeeOther)
	return nil
}

// postOfForm turns the form into a post. Publishing now stamps the
// current time unless the post already has a past one; scheduling needs
// a time in the future.
func (s *Server) postOfForm(f postForm, action string, zone *time.Location) (*clinic.Post, clinic.FieldErrors) {
	p := &clinic.Post{Slug: f.Slug, Title: f.Title, Description: f.Description, Author: f.Author,
		Category: f.Category, Body: f.Body, Tags: tagsOf(f.Tags)}
	now := s.now()
	at, err := parsePublishAt(f.PublishAt, zone)
	if err != nil {
		return p, clinic.FieldErrors{"publish_at": "Please give a date and time such as 2026-12-01 09:00."}
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
	case "save", "":
		p.Status, p.PublishedAt = clinic.StatusDraft, at
	case "unpublish":
		p.Status, p.PublishedAt = clinic.StatusDraft, at // refused for live posts; a draft stays one
	default:
		return p, clinic.FieldErrors{"status": "Unknown action."}
	}
	return p, nil
}

// tagsOf splits the tags field at commas.
func tagsOf(s string) []string {
	var tags []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			tags = append(tags, t)
		}
	}
	return tags
}

// parsePublishAt reads the publish time field; empty is the zero time.
func parsePublishAt(s string, zone *time.Location) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	at, err := time.ParseInLocation("2006-01-02T15:04", s, zone)
	if err != nil {
		// Browsers send seconds when the field's step asks for them.
		at, err = time.ParseInLocation("2006-01-02T15:04:05", s, zone)
	}
	return at, err
}
