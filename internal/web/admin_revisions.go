package web

import (
	"encoding/json"
	"net/http"
	"strconv"

	"clinic"
)

// The revisions of a post or content item: a list with each revision's
// status, author and what changed, two revisions side by side, and
// restoring one.

type revisionsPage struct {
	adminPage
	Base      string // the item's editor: "/admin/posts/x", "/admin/content/pages/about"
	IsPost    bool   // a post's revisions are restored into its pending changes
	Revisions []revisionRow
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
	rp := revisionsPage{adminPage: p, Base: base, IsPost: kind == "post"}
	vs, err := s.cfg.Editor.Revisions(ctx, kind, slug)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return clinic.Errorf(clinic.ENotFound, "This item has no revisions yet.")
	}
	rp.Revisions = revisionRows(vs, s.storedRevision(r, kind, slug))
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

// restorePost opens the editor filled with an old revision's text, the
// post's address, status and publish time unchanged; nothing is saved
// until the editor saves. The revisions list restores with a POST, which
// keeps the text as pending changes at once.
func (s *Server) restorePost(w http.ResponseWriter, r *http.Request) error {
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
	zone, err := s.siteZone(r)
	if err != nil {
		return err
	}
	f := formOfPost(clinic.RestoreText(stored, old), zone)
	q := r.URL.Query()
	q.Set("done", "restoring")
	r.URL.RawQuery = q.Encode()
	return s.postEditor(w, r, http.StatusOK, f, nil, "")
}

// storedRevision is a post as it is stored, as a revision to compare its
// pending changes with; nil for other kinds, or when it cannot be read.
func (s *Server) storedRevision(r *http.Request, kind, slug string) *clinic.Revision {
	if kind != "post" {
		return nil
	}
	p, err := s.cfg.Editor.PostAny(r.Context(), slug)
	if err != nil {
		return nil
	}
	data, err := json.Marshal(p)
	if err != nil {
		return nil
	}
	return &clinic.Revision{Kind: kind, Slug: slug, Data: string(data), State: clinic.RevisionSaved}
}
