package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"clinic"
)

// adminPage is what every back-office page's data embeds.
type adminPage struct {
	Site    *clinic.Settings
	Title   string
	Path    string
	User    *clinic.User // nil on the sign-in pages
	Flash   string       // what just happened, from ?done=
	Problem string       // what went wrong with the form
	Errors  clinic.FieldErrors
}

// adminBase builds the common part of a back-office page.
func (s *Server) adminBase(r *http.Request, title string) (adminPage, error) {
	site, err := s.content.Settings(r.Context())
	if err != nil {
		return adminPage{}, err
	}
	s.lastSite.Store(site)
	p := adminPage{Site: site, Title: title, Path: r.URL.Path, Flash: flashes[r.URL.Query().Get("done")]}
	if sess := sessionFrom(r.Context()); sess != nil {
		p.User = sess.User
	}
	return p, nil
}

// flashes are the messages a redirect after a change can ask for with
// ?done=, so that no text of ours, or anyone's, travels in the URL.
var flashes = map[string]string{
	"saved":       "Saved.",
	"published":   "Published.",
	"unpublished": "Unpublished: the item is a draft again.",
	"scheduled":   "Scheduled.",
	"restored":    "The revision was restored as a new draft of the text. Review it and save.",
	"deleted":     "Deleted.",
	"password":    "Your password was changed. Other sessions were signed out.",
	"two-factor":  "Two-step sign-in is on.",
	"created":     "Created.",
	"uploaded":    "Uploaded.",
	"signed-in":   "You are signed in.",
	"mail-sent":   "A test message is on its way to your email address.",
	"blocked":     "The time is blocked.",
	"blocked-over": "The time is blocked. The appointments in the way were cancelled, the patients are being told, " +
		"and the waitlist was offered what the block leaves free.",
}

// doneURL is path with a flash message to show.
func doneURL(path, done string) string {
	return path + "?done=" + url.QueryEscape(done)
}

// renderAdmin executes a back-office page in the back-office frame.
func (s *Server) renderAdmin(w http.ResponseWriter, status int, name string, data any) error {
	t, err := s.views.lookup(name)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "admin-layout", data); err != nil {
		return fmt.Errorf("web: render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(buf.Bytes())
	return err
}

// parseForm reads a posted form, answering a body over the limit with 413
// and anything unreadable with 400.
func parseForm(r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return formError(err)
	}
	return nil
}

func formError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return clinic.Errorf(clinic.ETooLarge, "What you sent is larger than this form accepts, so nothing was saved.")
	}
	return clinic.Errorf(clinic.EInvalid, "We could not read the form. Please try again.")
}

type overviewPage struct {
	adminPage
	LeadsNew int
	Today    *todayCounts // for the front desk
}

// adminHome is the back office's first page: what the user can do.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) error {
	p, err := s.adminBase(r, "Overview")
	if err != nil {
		return err
	}
	op := overviewPage{adminPage: p}
	sess := sessionFrom(r.Context())
	if sess.User.Role.Can(clinic.PermLeads) && sess.TwoFactor {
		if _, n, err := s.cfg.Leads.ContactMessages(r.Context(), clinic.LeadNew, 0, 0); err == nil {
			op.LeadsNew = n
		}
	}
	if sess.User.Role.Can(clinic.PermPatients) && sess.TwoFactor {
		if op.Today, err = s.todayCountsFor(r, p.Site); err != nil {
			s.log.ErrorContext(r.Context(), "today's counts", "err", err) // the page stands without them
		}
	}
	return s.renderAdmin(w, http.StatusOK, "admin-home", op)
}

// preview renders Markdown with the public pages' renderer, for the
// editor's live preview.
func (s *Server) preview(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	html, err := s.md.HTML(markdownOf(r.PostForm.Get("body")))
	if err != nil {
		return clinic.Errorf(clinic.EInvalid, "The text could not be rendered.")
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, err = w.Write([]byte(html))
	return err
}

// markdownOf is the Markdown of an editor's text: a content file's body
// after its front matter, or the text itself.
func markdownOf(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if rest, ok := strings.CutPrefix(text, "---\n"); ok {
		if i := strings.Index(rest, "\n---\n"); i >= 0 {
			return rest[i+5:]
		}
		if strings.HasPrefix(rest, "---\n") {
			return rest[4:]
		}
	}
	return text
}
