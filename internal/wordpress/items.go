package wordpress

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"clinic"
	"clinic/internal/markdown"
)

// convert makes a clinic post or page of a planned item.
func (c *converter) convert(p *planned) {
	it := p.it
	body := c.body(it, p.kind+"/"+p.slug)
	title := plain(it.Title)
	if title == "" {
		title = markdown.Excerpt(body, 60)
		if title == "" {
			title = "Untitled"
		}
		c.problem(it, "its title", fmt.Sprintf("it has none; titled %q", title))
	}
	desc := c.description(it, body)
	if p.kind == "page" {
		c.bundle.Pages = append(c.bundle.Pages, &clinic.Page{Slug: p.slug, Title: title, Description: desc,
			Body: body, UpdatedAt: c.updated(it)})
		return
	}
	post := &clinic.Post{Slug: p.slug, Title: title, Description: desc, Author: c.author(it),
		Category: c.postCategory(it), Tags: c.postTags(it), Status: p.status,
		PublishedAt: c.published(it), UpdatedAt: c.updated(it), Body: body}
	switch post.Status {
	case clinic.StatusDraft:
		c.report.Drafts++
	case clinic.StatusScheduled:
		c.report.Scheduled++
	}
	c.bundle.Posts = append(c.bundle.Posts, post)
}

// description returns the meta description: the one an SEO plugin kept,
// else the excerpt, else the start of the body.
func (c *converter) description(it *Item, body string) string {
	for _, k := range []string{"_yoast_wpseo_metadesc", "rank_math_description", "_aioseo_description"} {
		if d := plain(it.MetaValue(k)); d != "" && !strings.Contains(d, "%%") && !strings.Contains(d, "#") {
			return d
		}
	}
	if d := plain(it.Excerpt); d != "" {
		return d
	}
	blocks := strings.Split(body, "\n\n")
	for len(blocks) > 0 && (strings.HasPrefix(blocks[0], "![") || strings.HasPrefix(blocks[0], "[![")) {
		blocks = blocks[1:] // a leading image would open the description with its alt text
	}
	return markdown.Excerpt(strings.Join(blocks, "\n\n"), 160)
}

// redirects sends each old address of an imported item, category and tag
// to its new one: the permalink's path, and "/?p=ID" (and "/?page_id=ID"
// for pages), for what the public could see on WordPress.
func (c *converter) redirects() {
	to := map[string]string{}
	add := func(from, dest string) {
		if strings.HasPrefix(from, "/") && trimSlash(from) != dest {
			if _, dup := to[from]; !dup {
				to[from] = dest
			}
		}
	}
	for _, p := range c.items {
		if !p.public {
			continue
		}
		add(p.oldPath, p.newPath)
		add(fmt.Sprintf("/?p=%d", p.it.ID), p.newPath)
		if p.kind == "page" {
			add(fmt.Sprintf("/?page_id=%d", p.it.ID), p.newPath)
		}
	}
	for _, cat := range c.categoryList() {
		add(c.archivePath(cat), "/blog/category/"+cat.slug)
	}
	for _, slug := range slices.Sorted(maps.Keys(c.tags)) {
		add(c.tagPath(c.tags[slug]), "/blog/tag/"+slug)
	}
	for _, from := range slices.Sorted(maps.Keys(to)) {
		c.bundle.Redirects = append(c.bundle.Redirects, &clinic.Redirect{From: from, To: to[from]})
	}
}

// categoryList returns the categories in the order they were made.
func (c *converter) categoryList() []*category {
	bySlug := map[string]*category{}
	for _, cat := range c.cats {
		bySlug[cat.slug] = cat
	}
	var cats []*category
	for _, cc := range c.bundle.Categories {
		cats = append(cats, bySlug[cc.Slug])
	}
	return cats
}
