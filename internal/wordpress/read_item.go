package wordpress

import (
	"encoding/xml"
	"strings"
)

// importedTypes are the post types that become clinic content or media.
var importedTypes = map[string]bool{"post": true, "page": true, "attachment": true}

// item reads one <item> and files it by post type.
func (rd *reader) item() error {
	it := Item{Line: rd.line()}
	var title, id, typ bool
	err := rd.children(func(e xml.StartElement) error {
		k := key(e.Name)
		switch k {
		case ":title":
			title = true
		case "wp:post_id":
			id = true
		case "wp:post_type":
			typ = true
		}
		return rd.itemField(e, k, &it)
	})
	switch {
	case err != nil:
		return err
	case !title:
		return rd.errorAt(it.Line, "an item has no <title>")
	case !id || it.ID == 0:
		return rd.errorAt(it.Line, "an item has no <wp:post_id>")
	case !typ || it.Type == "":
		return rd.errorAt(it.Line, "item %d has no <wp:post_type>", it.ID)
	}
	if first, ok := rd.ids[it.ID]; ok {
		return rd.errorAt(it.Line, "item %d appears twice (first on line %d)", it.ID, first)
	}
	rd.ids[it.ID] = it.Line
	rd.file(it)
	return nil
}

// file keeps an item that is imported and counts one that is not.
func (rd *reader) file(it Item) {
	s := rd.site
	switch {
	case importedTypes[it.Type]:
		s.Items = append(s.Items, it)
	case it.Type == "wp_block":
		s.Blocks[it.ID] = it.Content
		s.Skipped[it.Type]++
	default:
		s.Skipped[it.Type]++
	}
}

// itemField reads one child element of an item into it.
func (rd *reader) itemField(e xml.StartElement, k string, it *Item) error {
	switch k {
	case ":category":
		return rd.term(e, it)
	case "wp:postmeta":
		return rd.postmeta(it)
	case "wp:comment":
		rd.site.Comments++
		return rd.skip()
	case "wp:post_id":
		return rd.number(e, &it.ID)
	case "wp:post_parent":
		return rd.number(e, &it.Parent)
	case "wp:menu_order":
		return rd.number(e, &it.MenuOrder)
	case "wp:post_date":
		return rd.date(e, &it.Date)
	case "wp:post_date_gmt":
		return rd.date(e, &it.DateGMT)
	case "wp:post_modified":
		return rd.date(e, &it.Modified)
	case "wp:post_modified_gmt":
		return rd.date(e, &it.ModifiedGMT)
	}
	if dst := it.textField(k); dst != nil {
		return rd.textInto(e, dst)
	}
	if k == "content:encoded" || k == "excerpt:encoded" {
		s, err := rd.text(e)
		if k == "content:encoded" {
			it.Content = s
		} else {
			it.Excerpt = strings.TrimSpace(s)
		}
		return err
	}
	return rd.skip()
}

// textField returns where the trimmed text of element k goes, or nil.
func (it *Item) textField(k string) *string {
	switch k {
	case ":title":
		return &it.Title
	case ":link":
		return &it.Link
	case "dc:creator":
		return &it.Creator
	case "wp:post_name":
		return &it.Name
	case "wp:status":
		return &it.Status
	case "wp:post_type":
		return &it.Type
	case "wp:post_password":
		return &it.Password
	case "wp:attachment_url":
		return &it.AttachmentURL
	}
	return nil
}

// term reads a <category domain="…" nicename="…"> of an item. WXR 1.0
// repeated each category without attributes; those copies are dropped.
func (rd *reader) term(e xml.StartElement, it *Item) error {
	t := Term{}
	for _, a := range e.Attr {
		switch a.Name.Local {
		case "domain":
			t.Domain = a.Value
		case "nicename":
			t.Nicename = a.Value
		}
	}
	if err := rd.textInto(e, &t.Name); err != nil {
		return err
	}
	if t.Domain != "" && t.Nicename != "" {
		it.Terms = append(it.Terms, t)
	}
	return nil
}

func (rd *reader) postmeta(it *Item) error {
	var m Meta
	err := rd.children(func(e xml.StartElement) error {
		switch key(e.Name) {
		case "wp:meta_key":
			return rd.textInto(e, &m.Key)
		case "wp:meta_value":
			s, err := rd.text(e)
			m.Value = s
			return err
		}
		return rd.skip()
	})
	it.Meta = append(it.Meta, m)
	return err
}
