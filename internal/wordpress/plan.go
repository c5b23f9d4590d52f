package wordpress

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"clinic"
)

// planned is a post or page that will be imported.
type planned struct {
	it      *Item
	kind    string // "post" or "page"
	slug    string
	status  string // of a post
	oldPath string // path of the WordPress permalink
	newPath string // "/blog/slug" or "/slug"
	public  bool   // the public could see it on WordPress: its old addresses get redirects
}

// plan decides, before any body is converted, which items are imported
// and under which slugs, so that links between them can be rewritten.
func (c *converter) plan() {
	taken := map[string]map[string]bool{"post": {}, "page": {}}
	for i := range c.site.Items {
		it := &c.site.Items[i]
		if it.Type == "attachment" {
			continue
		}
		p := c.status(it)
		if p == nil {
			continue
		}
		p.slug = c.slug(it, taken[p.kind])
		p.newPath = "/blog/" + p.slug
		if p.kind == "page" {
			p.newPath = "/" + p.slug
		}
		p.oldPath = linkPath(it.Link)
		if p.oldPath != "" {
			c.moved[trimSlash(p.oldPath)] = p.newPath
		}
		c.items = append(c.items, p)
		c.byID[it.ID] = p
	}
}

// status decides whether an item is imported and with which status; nil
// means it is not.
func (c *converter) status(it *Item) *planned {
	p := &planned{it: it, kind: it.Type}
	switch {
	case it.Status == "trash":
		c.report.Trashed++
		c.problem(it, "the whole "+it.Type, "it is in the WordPress trash; not imported")
		return nil
	case it.Type == "page" && (it.Status != "publish" || it.Password != ""):
		c.problem(it, "the whole page", fmt.Sprintf("it is %s in WordPress and pages here are always public; not imported", statusWords(it)))
		return nil
	case it.Type == "page":
		p.public = true
		return p
	}
	switch it.Status {
	case "publish":
		p.status, p.public = clinic.StatusPublished, it.Password == ""
	case "future":
		p.status = clinic.StatusScheduled
	case "draft", "pending", "private":
		p.status = clinic.StatusDraft
	default:
		c.problem(it, "the whole post", fmt.Sprintf("its status %q is not one of publish, future, draft, pending or private; not imported", it.Status))
		return nil
	}
	if it.Password != "" && p.status != clinic.StatusDraft {
		p.status = clinic.StatusDraft
		c.problem(it, "its password", "it was protected by a password; imported as a draft so that it stays hidden")
	}
	if it.Status == "private" {
		c.report.Private++
		c.problem(it, "its privacy", "it was private in WordPress; imported as a draft")
	}
	return p
}

// statusWords describes an item's status for a message.
func statusWords(it *Item) string {
	if it.Password != "" {
		return "protected by a password"
	}
	switch it.Status {
	case "future":
		return "scheduled"
	case "private":
		return "private"
	}
	return "a draft"
}

// slug returns an unused slug for an item: its WordPress slug, or one
// made from its title (drafts may have none), or from its type and ID.
// A child page whose slug is taken is prefixed with its parent's.
func (c *converter) slug(it *Item, taken map[string]bool) string {
	base := slugOf(it.Name, plain(it.Title))
	if base == "" {
		base = fmt.Sprintf("%s-%d", it.Type, it.ID)
	}
	if taken[base] && it.Type == "page" && it.Parent != 0 {
		if parent := c.item(it.Parent); parent != nil {
			if ps := slugOf(parent.Name, plain(parent.Title)); ps != "" {
				base = truncate(ps + "-" + base)
			}
		}
	}
	return unique(base, taken)
}

// item returns the item with the given ID, or nil.
func (c *converter) item(id int) *Item {
	for i := range c.site.Items {
		if c.site.Items[i].ID == id {
			return &c.site.Items[i]
		}
	}
	return nil
}

// slugOf returns the slug of the first of names that makes one. Names may
// be URL-encoded, as WordPress stores slugs.
func slugOf(names ...string) string {
	for _, n := range names {
		if d, err := url.PathUnescape(n); err == nil {
			n = d
		}
		if s := truncate(clinic.Slugify(n)); s != "" {
			return s
		}
	}
	return ""
}

// maxSlug leaves room for a "-NN" suffix under the store's 200 bytes.
const maxSlug = 190

// truncate shortens a slug to maxSlug bytes at a hyphen.
func truncate(s string) string {
	if len(s) <= maxSlug {
		return s
	}
	s = s[:maxSlug]
	if i := strings.LastIndexByte(s, '-'); i > 0 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}

// unique returns base, or base with the first free number appended, and
// marks it taken.
func unique(base string, taken map[string]bool) string {
	s := base
	for n := 2; taken[s]; n++ {
		s = fmt.Sprintf("%s-%d", base, n)
	}
	taken[s] = true
	return s
}

// linkPath returns the path of a permalink, or "" when it has none worth
// redirecting (the home page, or a "?p=ID" link).
func linkPath(link string) string {
	u, err := url.Parse(strings.TrimSpace(link))
	if err != nil || !strings.HasPrefix(u.Path, "/") || trimSlash(u.Path) == "" {
		return ""
	}
	return u.Path
}

// trimSlash removes the trailing slashes of a path.
func trimSlash(p string) string { return strings.TrimRight(p, "/") }

// local returns a date WordPress gave in the site's local time.
func (c *converter) local(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	y, m, d := t.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), 0, c.opt.TimeZone).UTC()
}

// published returns when a post appeared or is to appear: zero for a
// draft that never had a date set.
func (c *converter) published(it *Item) time.Time {
	if !it.DateGMT.IsZero() {
		return it.DateGMT
	}
	if it.Status == "draft" || it.Status == "pending" {
		return time.Time{}
	}
	return c.local(it.Date)
}

// updated returns when an item last changed.
func (c *converter) updated(it *Item) time.Time {
	for _, t := range []time.Time{it.ModifiedGMT, c.local(it.Modified), it.DateGMT, c.local(it.Date)} {
		if !t.IsZero() {
			return t
		}
	}
	return c.opt.Now.UTC()
}
