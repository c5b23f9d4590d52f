package web

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"clinic"
)

// The editor's script saves the form every few seconds while an editor
// types. An existing post's work goes into its pending revision, which the
// site does not show; a new post is saved as a draft once it has a title,
// and then the same way. Without the script, "Save changes for later"
// does the same by hand.

// autosaveAnswer is what autosave tells the editor's script.
type autosaveAnswer struct {
	Message  string `json:"message"`
	Edit     string `json:"edit,omitempty"`     // a new post's editor, once it is saved
	Autosave string `json:"autosave,omitempty"` // where to autosave from now on
	Base     string `json:"base,omitempty"`     // the base to send from now on
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	return json.NewEncoder(w).Encode(v)
}

// autosavePost keeps the editor's form as the post's pending revision. An
// editor's first autosave of a pending revision, or one over another
// editor's, is audited; the ones that follow rewrite it unaudited.
func (s *Server) autosavePost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := postFormOf(r)
	if f.OldSlug == "" {
		return s.autosaveNew(w, r, f)
	}
	base, err := strconv.ParseInt(f.Base, 10, 64)
	if err != nil || base < 0 {
		return writeJSON(w, http.StatusBadRequest, autosaveAnswer{Message: "Not saved: the editor's form is incomplete. Please reload the page."})
	}
	ctx, slug := r.Context(), f.OldSlug
	stored, err := s.cfg.Editor.PostAny(ctx, slug)
	if clinic.ErrorKind(err) == clinic.ENotFound {
		return writeJSON(w, http.StatusNotFound, autosaveAnswer{Message: "Not saved: this post is gone. Copy your text before you leave the page."})
	} else if err != nil {
		return err
	}
	es, err := s.cfg.Editor.EditState(ctx, slug)
	if err != nil {
		return err
	}
	zone, err := s.siteZone(r)
	if err != nil {
		return err
	}
	user := sessionFrom(ctx).User.ID
	var e *clinic.AuditEvent
	if es.Pending == nil || es.Pending.AuthorID != user {
		ctx, e = s.auditing(r, "post.pending", "post:"+slug, "autosave")
	}
	_, err = s.cfg.Editor.SavePending(ctx, slug, base, pendingOf(f, stored, zone), user)
	if e != nil {
		err = s.audited(r, e, err)
	}
	if clinic.ErrorKind(err) == clinic.EConflict {
		return writeJSON(w, http.StatusConflict, autosaveAnswer{Message: clinic.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	msg := "Changes saved at " + s.now().In(zone).Format("3:04 PM") + ". "
	if stored.Visible(s.now()) {
		msg += "They are not live yet: Update publishes them."
	} else {
		msg += "Save draft keeps them in the post."
	}
	return writeJSON(w, http.StatusOK, autosaveAnswer{Message: msg})
}

// siteZone is the clinic's time zone.
func (s *Server) siteZone(r *http.Request) (*time.Location, error) {
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	return s.zone(site), nil
}

// pendingOf is the form as a pending revision of stored: what was typed,
// with stored's status, and its publish time unless another was given.
func pendingOf(f postForm, stored *clinic.Post, zone *time.Location) *clinic.Post {
	p := &clinic.Post{Slug: f.Slug, Title: f.Title, Description: f.Description, Author: f.Author,
		Category: f.Category, Tags: tagsOf(f.Tags), Body: f.Body, Status: stored.Status, PublishedAt: stored.PublishedAt}
	if at, err := parsePublishAt(f.PublishAt, zone); err == nil && !at.IsZero() {
		p.PublishedAt = at
	}
	return p
}

// autosaveNew saves a new post as a draft once its form is complete
// enough, and tells the script the post's editor from then on.
func (s *Server) autosaveNew(w http.ResponseWriter, r *http.Request, f postForm) error {
	zone, err := s.siteZone(r)
	if err != nil {
		return err
	}
	p, errs := s.postOfForm(f, "save", zone)
	if errs == nil {
		errs = p.ValidatePost()
	}
	if errs != nil {
		return writeJSON(w, http.StatusUnprocessableEntity, autosaveAnswer{Message: "Not saved yet: " + firstFieldError(errs)})
	}
	ctx, e := s.auditing(r, "post.save", "post:"+p.Slug, "draft, autosaved")
	err = s.audited(r, e, s.cfg.Editor.SavePost(ctx, p, "", sessionFrom(ctx).User.ID))
	if k := clinic.ErrorKind(err); k == clinic.EConflict || k == clinic.EInvalid {
		return writeJSON(w, http.StatusUnprocessableEntity, autosaveAnswer{Message: "Not saved yet: " + clinic.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	es, err := s.cfg.Editor.EditState(ctx, p.Slug)
	if err != nil {
		return err
	}
	edit := "/admin/posts/" + p.Slug
	return writeJSON(w, http.StatusOK, autosaveAnswer{Message: "Saved as a draft at " + s.now().In(zone).Format("3:04 PM") + ".",
		Edit: edit, Autosave: edit + "/autosave", Base: strconv.FormatInt(es.Base, 10)})
}

// postFieldOrder is the order of the editor's fields, for naming the first
// one to fix.
var postFieldOrder = []string{"title", "slug", "description", "tags", "body", "publish_at", "status"}

func firstFieldError(errs clinic.FieldErrors) string {
	for _, k := range postFieldOrder {
		if msg, ok := errs[k]; ok {
			return msg
		}
	}
	for _, msg := range errs {
		return msg
	}
	return ""
}

// discardPending throws away the post's pending changes; the revisions
// list keeps them as discarded.
func (s *Server) discardPending(w http.ResponseWriter, r *http.Request) error {
	slug := r.PathValue("slug")
	ctx, e := s.auditing(r, "post.discard", "post:"+slug, "")
	if err := s.audited(r, e, s.cfg.Editor.DiscardPending(ctx, slug)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+slug, "discarded"), http.StatusSeeOther)
	return nil
}

type unpublishPage struct {
	adminPage
	Post      *clinic.Post
	Redirects []*clinic.Redirect // old addresses that lead to the post
}

// unpublishConfirm asks before a post leaves the site, naming what stops
// working.
func (s *Server) unpublishConfirm(w http.ResponseWriter, r *http.Request) error {
	ctx, slug := r.Context(), r.PathValue("slug")
	post, err := s.cfg.Editor.PostAny(ctx, slug)
	if err != nil {
		return err
	}
	if !post.Visible(s.now()) {
		return clinic.Errorf(clinic.EConflict, "This post is not on the site, so there is nothing to unpublish.")
	}
	p, err := s.adminBase(r, "Unpublish: "+post.Title)
	if err != nil {
		return err
	}
	up := unpublishPage{adminPage: p, Post: post}
	if up.Redirects, err = s.cfg.Editor.RedirectsTo(ctx, "/blog/"+slug); err != nil {
		return err
	}
	return s.renderAdmin(w, http.StatusOK, "admin-post-unpublish", up)
}

// unpublishPost takes a post off the site, once confirmed.
func (s *Server) unpublishPost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	slug := r.PathValue("slug")
	if r.PostForm.Get("confirm") != "yes" {
		return clinic.Errorf(clinic.EInvalid, "Nothing changed: confirm on the unpublish page, /admin/posts/%s/unpublish.", slug)
	}
	ctx, e := s.auditing(r, "post.unpublish", "post:"+slug, "")
	if err := s.audited(r, e, s.cfg.Editor.Unpublish(ctx, slug, sessionFrom(ctx).User.ID)); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+slug, "unpublished"), http.StatusSeeOther)
	return nil
}

// restorePostPending puts an older revision's text into the post's
// pending revision. The address, status and publish time stay as they
// are, and nothing on the site changes until the editor saves.
func (s *Server) restorePostPending(w http.ResponseWriter, r *http.Request) error {
	ctx, slug := r.Context(), r.PathValue("slug")
	v, err := s.revisionOf(r, r.PathValue("id"), "post", slug)
	if err != nil {
		return err
	}
	old, err := v.Post()
	if err != nil {
		return err
	}
	stored, err := s.cfg.Editor.PostAny(ctx, slug)
	if err != nil {
		return err
	}
	ctx, e := s.auditing(r, "post.restore", "post:"+slug, "revision "+strconv.FormatInt(v.ID, 10))
	_, err = s.cfg.Editor.SavePending(ctx, slug, -1, clinic.RestoreText(stored, old), sessionFrom(ctx).User.ID)
	if err := s.audited(r, e, err); err != nil {
		return err
	}
	http.Redirect(w, r, doneURL("/admin/posts/"+slug, "restored"), http.StatusSeeOther)
	return nil
}
