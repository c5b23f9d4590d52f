// Package wordpress reads a WordPress export (WXR, the "WordPress eXtended
// RSS" file that Tools → Export writes) and converts it into the clinic's
// content: posts, pages, categories and redirects from the old addresses,
// with post bodies turned from block-editor or classic-editor HTML into
// Markdown. It reports what media the export refers to and what it could
// not convert, so that nothing is lost without a word.
package wordpress

import (
	"strconv"
	"time"
)

// Site is what a WXR file holds, as WordPress wrote it. Items keeps posts,
// pages and attachments in the order of the file; other post types are only
// counted in Skipped.
type Site struct {
	Title       string
	Link        string // the site's address: "https://example.com"
	BaseSiteURL string
	BaseBlogURL string
	Version     string // WXR version: "1.2"
	Generator   string // "https://wordpress.org/?v=6.6.2"
	Authors     []Author
	Categories  []Category // parents before their children
	Tags        []Tag
	Items       []Item
	// Skipped counts the items of post types that are not imported
	// (nav_menu_item, wp_block, revision, custom types), by type.
	Skipped map[string]int
	// Blocks holds the content of reusable blocks (post type wp_block) by
	// ID, so that posts using them can have them inlined.
	Blocks map[int]string
	// Comments counts the comments of all items; they are not imported.
	Comments int
}

// Author is a WordPress user who wrote items of the export.
type Author struct {
	ID          int
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// Category is a WordPress post category. Parent is the nicename of its
// parent category, empty at the top.
type Category struct {
	ID          int
	Nicename    string // URL-encoded as WordPress stores it: "back-pain", "%e6%97%a5"
	Parent      string
	Name        string
	Description string
}

// Tag is a WordPress post tag.
type Tag struct {
	ID          int
	Slug        string // URL-encoded as WordPress stores it
	Name        string
	Description string
}

// Item is one post, page or attachment of the export.
type Item struct {
	ID            int
	Line          int    // line of the item in the file
	Type          string // "post", "page", "attachment"
	Status        string // "publish", "draft", "future", "pending", "private", "trash", "inherit"
	Title         string
	Link          string // the permalink
	Creator       string // login of the author
	Content       string // HTML, with block-editor comments
	Excerpt       string
	Name          string // post_name, the slug; URL-encoded; may be empty for drafts
	Date          time.Time
	DateGMT       time.Time // zero for drafts that never had a date set
	Modified      time.Time
	ModifiedGMT   time.Time
	Parent        int
	MenuOrder     int
	Password      string
	AttachmentURL string
	Terms         []Term
	Meta          []Meta
}

// Term is a category or tag that an item is filed under.
type Term struct {
	Domain   string // "category" or "post_tag" (or a custom taxonomy)
	Nicename string
	Name     string
}

// Meta is one custom field of an item.
type Meta struct {
	Key, Value string
}

// MetaValue returns the value of the first custom field named key.
func (it *Item) MetaValue(key string) string {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value
		}
	}
	return ""
}

// metaInt returns the custom field key as a positive number, or 0.
func (it *Item) metaInt(key string) int {
	n, err := strconv.Atoi(it.MetaValue(key))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// Attachments returns the media items of the export, in file order, so
// that media can be copied into the media library before Convert asks
// for their new addresses.
func (s *Site) Attachments() []*Attachment {
	var as []*Attachment
	for i := range s.Items {
		if it := &s.Items[i]; it.Type == "attachment" {
			as = append(as, newAttachment(it))
		}
	}
	return as
}
