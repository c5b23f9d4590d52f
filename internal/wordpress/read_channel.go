package wordpress

import (
	"encoding/xml"
	"strconv"
	"strings"
	"time"
)

// channel reads the site's header, its authors and terms, and its items.
func (rd *reader) channel() error {
	s := rd.site
	return rd.children(func(e xml.StartElement) error {
		switch key(e.Name) {
		case "wp:wxr_version":
			return rd.version(e)
		case "wp:author":
			return rd.author()
		case "wp:category":
			return rd.category()
		case "wp:tag":
			return rd.tag()
		case ":item":
			if s.Version == "" {
				return rd.errorf("an RSS feed, but not a WordPress export: it has no <wp:wxr_version> before its items")
			}
			return rd.item()
		case ":title":
			return rd.textInto(e, &s.Title)
		case ":link":
			return rd.textInto(e, &s.Link)
		case ":generator":
			return rd.textInto(e, &s.Generator)
		case "wp:base_site_url":
			return rd.textInto(e, &s.BaseSiteURL)
		case "wp:base_blog_url":
			return rd.textInto(e, &s.BaseBlogURL)
		}
		return rd.skip()
	})
}

// textInto reads the element's text, trimmed, into *dst.
func (rd *reader) textInto(e xml.StartElement, dst *string) error {
	s, err := rd.text(e)
	*dst = strings.TrimSpace(s)
	return err
}

// number reads the element's text as a whole number.
func (rd *reader) number(e xml.StartElement, dst *int) error {
	line := rd.line()
	s, err := rd.text(e)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s == "" {
		*dst = 0
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return rd.errorAt(line, "<%s> is %q, not a number", qname(e.Name), s)
	}
	*dst = n
	return nil
}

// date reads a date as WordPress writes them, "2006-01-02 15:04:05", as a
// time in UTC. The zero date WordPress gives unscheduled drafts is the
// zero time.
func (rd *reader) date(e xml.StartElement, dst *time.Time) error {
	line := rd.line()
	s, err := rd.text(e)
	if err != nil {
		return err
	}
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		*dst = time.Time{}
		return nil
	}
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		return rd.errorAt(line, "<%s> is %q, not a date like 2024-06-30 14:05:00", qname(e.Name), s)
	}
	*dst = t
	return nil
}

func (rd *reader) version(e xml.StartElement) error {
	line := rd.line()
	v, err := rd.text(e)
	if err != nil {
		return err
	}
	v = strings.TrimSpace(v)
	if !versions[v] {
		return rd.errorAt(line, "WXR version %q is not one this importer reads (1.0, 1.1 or 1.2)", v)
	}
	rd.site.Version = v
	return nil
}

func (rd *reader) author() error {
	var a Author
	err := rd.children(func(e xml.StartElement) error {
		switch key(e.Name) {
		case "wp:author_id":
			return rd.number(e, &a.ID)
		case "wp:author_login":
			return rd.textInto(e, &a.Login)
		case "wp:author_email":
			return rd.textInto(e, &a.Email)
		case "wp:author_display_name":
			return rd.textInto(e, &a.DisplayName)
		case "wp:author_first_name":
			return rd.textInto(e, &a.FirstName)
		case "wp:author_last_name":
			return rd.textInto(e, &a.LastName)
		}
		return rd.skip()
	})
	rd.site.Authors = append(rd.site.Authors, a)
	return err
}

func (rd *reader) category() error {
	var c Category
	err := rd.children(func(e xml.StartElement) error {
		switch key(e.Name) {
		case "wp:term_id":
			return rd.number(e, &c.ID)
		case "wp:category_nicename":
			return rd.textInto(e, &c.Nicename)
		case "wp:category_parent":
			return rd.textInto(e, &c.Parent)
		case "wp:cat_name":
			return rd.textInto(e, &c.Name)
		case "wp:category_description":
			return rd.textInto(e, &c.Description)
		}
		return rd.skip()
	})
	rd.site.Categories = append(rd.site.Categories, c)
	return err
}

func (rd *reader) tag() error {
	var t Tag
	err := rd.children(func(e xml.StartElement) error {
		switch key(e.Name) {
		case "wp:term_id":
			return rd.number(e, &t.ID)
		case "wp:tag_slug":
			return rd.textInto(e, &t.Slug)
		case "wp:tag_name":
			return rd.textInto(e, &t.Name)
		case "wp:tag_description":
			return rd.textInto(e, &t.Description)
		}
		return rd.skip()
	})
	rd.site.Tags = append(rd.site.Tags, t)
	return err
}
