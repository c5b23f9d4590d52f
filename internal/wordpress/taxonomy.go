package wordpress

import (
	"fmt"
	"net/url"
	"strings"

	"clinic"
)

// category is a WordPress category and the clinic category made of it.
type category struct {
	wp   Category
	slug string
}

// categories makes a clinic category of each WordPress category. Clinic
// categories are flat: a nested one stands on its own, and the report
// says so.
func (c *converter) categories() {
	for _, wc := range c.site.Categories {
		if wc.Nicename == "" || c.cats[wc.Nicename] != nil {
			continue
		}
		c.addCategory(wc)
		if wc.Parent != "" {
			parent := unescape(wc.Parent)
			if p := c.cats[wc.Parent]; p != nil {
				parent = plain(p.wp.Name)
			}
			c.add(Problem{ID: wc.ID, Type: "category", Title: plain(wc.Name), What: "its place under " + parent,
				Why: "categories here are not nested; it stands on its own"})
		}
	}
}

func (c *converter) addCategory(wc Category) *category {
	taken := map[string]bool{}
	for _, cat := range c.bundle.Categories {
		taken[cat.Slug] = true
	}
	slug := slugOf(wc.Nicename, plain(wc.Name))
	if slug == "" {
		slug = fmt.Sprintf("category-%d", wc.ID)
	}
	cat := &category{wp: wc, slug: unique(slug, taken)}
	c.cats[wc.Nicename] = cat
	name := plain(wc.Name)
	if name == "" {
		name = cat.slug
	}
	c.bundle.Categories = append(c.bundle.Categories, &clinic.Category{Slug: cat.slug, Name: name, Description: plain(wc.Description)})
	return cat
}

// archivePath returns the path of a category's archive on WordPress:
// "/category/back-pain/lumbar/", parents first.
func (c *converter) archivePath(cat *category) string {
	parts := []string{unescape(cat.wp.Nicename)}
	for p, n := c.cats[cat.wp.Parent], 0; p != nil && n < len(c.cats); p, n = c.cats[p.wp.Parent], n+1 {
		parts = append([]string{unescape(p.wp.Nicename)}, parts...)
	}
	return "/" + c.opt.CategoryBase + "/" + strings.Join(parts, "/") + "/"
}

// postCategory returns the slug of the one category a post is filed
// under: Yoast's primary category when set, else the first that is not
// "uncategorized". The others are reported.
func (c *converter) postCategory(it *Item) string {
	var terms []Term
	for _, t := range it.Terms {
		if t.Domain == "category" {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return c.termCategory(Term{Nicename: "uncategorized", Name: "Uncategorized"}).slug
	}
	chosen := terms[0]
	primary := it.metaInt("_yoast_wpseo_primary_category")
	for _, t := range terms {
		if cat := c.cats[t.Nicename]; primary != 0 && cat != nil && cat.wp.ID == primary {
			chosen = t
			break
		}
		if chosen.Nicename == "uncategorized" {
			chosen = t
		}
	}
	cat := c.termCategory(chosen)
	var others []string
	for _, t := range terms {
		if t != chosen && t.Nicename != "uncategorized" {
			others = append(others, plain(t.Name))
		}
	}
	if len(others) > 0 {
		c.problem(it, "its other categories: "+strings.Join(others, ", "),
			fmt.Sprintf("a post has one category here; it is filed under %q", cat.slug))
	}
	return cat.slug
}

// termCategory returns the category a post's term names, making one when
// the export's list of categories lacks it.
func (c *converter) termCategory(t Term) *category {
	if cat := c.cats[t.Nicename]; cat != nil {
		return cat
	}
	return c.addCategory(Category{Nicename: t.Nicename, Name: t.Name})
}

// postTags returns the names of a post's tags. A tag whose name and slug
// hold nothing a web address can use is left out and reported.
func (c *converter) postTags(it *Item) []string {
	var names []string
	seen := map[string]bool{}
	for _, t := range it.Terms {
		if t.Domain != "post_tag" {
			continue
		}
		name := plain(t.Name)
		if clinic.Slugify(name) == "" {
			name = unescape(t.Nicename)
		}
		slug := clinic.Slugify(name)
		switch {
		case slug == "":
			c.problem(it, fmt.Sprintf("its tag %q", plain(t.Name)), "the tag's name has no letters or digits that a web address can use; left out")
			continue
		case seen[slug]:
			continue
		}
		seen[slug] = true
		if _, ok := c.tags[slug]; !ok {
			c.tags[slug] = t.Nicename
		}
		names = append(names, name)
	}
	return names
}

// author returns the doctor slug for an item's author, asking
// Options.Author once per author.
func (c *converter) author(it *Item) string {
	if slug, ok := c.authors[it.Creator]; ok {
		return slug
	}
	a := Author{Login: it.Creator}
	for _, wa := range c.site.Authors {
		if wa.Login == it.Creator {
			a = wa
			break
		}
	}
	slug := ""
	if c.opt.Author != nil {
		slug = c.opt.Author(a)
	}
	if slug == "" {
		slug = slugOf(a.DisplayName, a.FirstName+" "+a.LastName, a.Login)
	}
	if slug == "" {
		slug = fmt.Sprintf("author-%d", a.ID)
	}
	c.authors[it.Creator] = slug
	return slug
}

// unescape decodes a URL-encoded WordPress slug.
func unescape(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// moveArchives records where the archives of categories and tags moved,
// so that links to them in bodies can be rewritten.
func (c *converter) moveArchives() {
	for _, cat := range c.categoryList() {
		c.moved[trimSlash(c.archivePath(cat))] = "/blog/category/" + cat.slug
	}
	for _, t := range c.site.Tags {
		name := plain(t.Name)
		if clinic.Slugify(name) == "" {
			name = unescape(t.Slug)
		}
		if s := clinic.Slugify(name); s != "" {
			c.moved[trimSlash(c.tagPath(t.Slug))] = "/blog/tag/" + s
		}
	}
}

// tagPath returns the path of a tag's archive on WordPress: "/tag/posture/".
func (c *converter) tagPath(nicename string) string {
	return "/" + c.opt.TagBase + "/" + unescape(nicename) + "/"
}
