package wordpress

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"clinic"
)

// Options steer Convert.
type Options struct {
	// Now is the time of the import: the update time of items WordPress
	// gave no date at all.
	Now time.Time
	// TimeZone is the WordPress site's time zone, for the few dates WXR
	// gives only in local time. UTC when nil.
	TimeZone *time.Location
	// MediaURL maps an attachment to its new URL in the media library;
	// ok=false when it was not imported (the reference is then kept and
	// listed in the report). When nil, no media is imported. It is called
	// once per attachment, first for every attachment of the export in
	// file order, then for each file under wp-content/uploads that a body
	// shows without an attachment describing it (ID 0).
	MediaURL func(a *Attachment) (url string, ok bool)
	// Author returns the doctor slug for a WordPress author. When nil, or
	// when it returns "", the slug is made from the author's name.
	Author func(a Author) string
	// CategoryBase and TagBase are the bases of category and tag archives
	// in the site's permalink settings: "category" and "tag" when empty.
	CategoryBase, TagBase string
}

// Result is the clinic content made from an export.
type Result struct {
	// Bundle holds Posts, Pages, Categories and Redirects.
	Bundle *clinic.Bundle
	// Media lists every attachment of the export, and every file under
	// wp-content/uploads that content refers to, in a stable order.
	Media  []*Attachment
	Report Report
}

// Report says what Convert made and what it could not convert.
type Report struct {
	Posts, Pages int // imported
	Drafts       int // posts imported as drafts (draft, pending, private, password-protected)
	Scheduled    int // posts imported as scheduled
	Private      int // posts that were private in WordPress (also counted in Drafts)
	Categories   int
	Tags         int
	Redirects    int
	Media        int // attachments and files listed in Result.Media
	MediaKept    int // of those, not imported: content keeps their old address
	Trashed      int // items in the trash, not imported
	Comments     int // comments, not imported
	// Skipped counts the items of post types that are not imported.
	Skipped map[string]int
	// Unconverted lists, item by item, what was not converted and why.
	Unconverted []Problem
}

// Problem is something of an item that was not converted, or not as it was.
type Problem struct {
	ID    int    // WordPress ID of the item or term
	Type  string // "post", "page", "attachment", "category", "tag"
	Title string
	What  string // "shortcode [contact-form-7]"
	Why   string // "kept as text: there is no equivalent here"
}

func (p Problem) String() string {
	return fmt.Sprintf("%s %d %q: %s: %s", p.Type, p.ID, p.Title, p.What, p.Why)
}

// Convert turns the site into clinic content. The same site and options
// give the same result, item for item and in the same order, so that
// importing it again updates what the first import made rather than
// duplicating it.
func Convert(s *Site, opt Options) (*Result, error) {
	if s == nil {
		return nil, clinic.Errorf(clinic.EInvalid, "wordpress: convert: no site")
	}
	if opt.TimeZone == nil {
		opt.TimeZone = time.UTC
	}
	opt.CategoryBase = cmp.Or(strings.Trim(opt.CategoryBase, "/"), "category")
	opt.TagBase = cmp.Or(strings.Trim(opt.TagBase, "/"), "tag")
	c := newConverter(s, opt)
	c.checkMedia()
	c.categories()
	c.moveArchives()
	c.plan()
	for _, it := range c.items {
		c.convert(it)
	}
	c.redirects()
	return c.result(), nil
}

// converter holds the state of one Convert.
type converter struct {
	site    *Site
	opt     Options
	media   *media
	bundle  *clinic.Bundle
	report  Report
	items   []*planned
	byID    map[int]*planned
	cats    map[string]*category // by WordPress nicename
	tags    map[string]string    // clinic tag slug → WordPress nicename, of tags in use
	authors map[string]string    // WordPress login → doctor slug
	moved   map[string]string    // old path → new path, for links in bodies
	seen    map[Problem]bool
}

func newConverter(s *Site, opt Options) *converter {
	return &converter{site: s, opt: opt, media: newMedia(s, opt.MediaURL),
		bundle: &clinic.Bundle{}, report: Report{Skipped: maps.Clone(s.Skipped), Comments: s.Comments},
		byID: map[int]*planned{}, cats: map[string]*category{}, tags: map[string]string{},
		authors: map[string]string{}, moved: map[string]string{}, seen: map[Problem]bool{}}
}

// problem records what of item it was not converted.
func (c *converter) problem(it *Item, what, why string) {
	p := Problem{ID: it.ID, Type: it.Type, Title: plain(it.Title), What: what, Why: why}
	c.add(p)
}

func (c *converter) add(p Problem) {
	if !c.seen[p] {
		c.seen[p] = true
		c.report.Unconverted = append(c.report.Unconverted, p)
	}
}

func (c *converter) result() *Result {
	r := &Result{Bundle: c.bundle, Media: c.media.all, Report: c.report}
	r.Report.Posts, r.Report.Pages = len(c.bundle.Posts), len(c.bundle.Pages)
	r.Report.Categories, r.Report.Tags = len(c.bundle.Categories), len(c.tags)
	r.Report.Redirects, r.Report.Media = len(c.bundle.Redirects), len(r.Media)
	for _, a := range r.Media {
		if a.NewURL == "" {
			r.Report.MediaKept++
		}
	}
	c.sortProblems(r.Report.Unconverted)
	return r
}

// checkMedia reports attachments whose file cannot be copied.
func (c *converter) checkMedia() {
	for _, a := range c.media.all {
		if a.Path == "" {
			c.add(Problem{ID: a.ID, Type: "attachment", Title: a.Title, What: "its file",
				Why: "its path is not a file inside the uploads folder, so it cannot be copied"})
		}
	}
}

// sortProblems orders problems as the export orders what they are about:
// categories first, then items in file order; an item's own problems
// keep the order they were found in.
func (c *converter) sortProblems(ps []Problem) {
	pos := map[int]int{}
	for i, it := range c.site.Items {
		pos[it.ID] = i + 1
	}
	rank := func(p Problem) int {
		if p.Type == "category" || p.Type == "tag" {
			return 0
		}
		return pos[p.ID]
	}
	slices.SortStableFunc(ps, func(a, b Problem) int { return rank(a) - rank(b) })
}
