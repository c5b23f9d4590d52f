package wordpress

import (
	"net/url"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

// Attachment is a media file of the WordPress site: an attachment item,
// or a file under wp-content/uploads that content refers to although no
// attachment describes it (ID 0).
type Attachment struct {
	ID      int
	URL     string // its address on the WordPress site
	Path    string // relative to wp-content/uploads: "2020/06/x.jpg"; empty when unsafe or unknown
	Title   string
	Alt     string
	Caption string
	Parent  int // the item it was uploaded to, 0 when none
	// NewURL is its address in the media library, empty when it was not
	// imported; content then keeps the old address.
	NewURL string
	// UsedBy names the imported posts and pages that show it:
	// "post/acupuncture-for-back-pain", "page/about".
	UsedBy []string

	page string // path of its attachment page on WordPress
}

func newAttachment(it *Item) *Attachment {
	a := &Attachment{ID: it.ID, URL: it.AttachmentURL, Title: plain(it.Title),
		Alt: strings.TrimSpace(it.MetaValue("_wp_attachment_image_alt")), Caption: plain(it.Excerpt), Parent: it.Parent}
	a.Path = it.MetaValue("_wp_attached_file")
	if a.Path == "" {
		a.Path = uploadsPath(a.URL)
	}
	if !localPath(a.Path) {
		a.Path = ""
	}
	a.page = linkPath(it.Link)
	return a
}

// localPath reports whether p is a relative slash-separated path that
// stays inside the folder it is relative to.
func localPath(p string) bool {
	return p != "" && !strings.Contains(p, `\`) && path.Clean(p) == p && filepath.IsLocal(p)
}

// uploadsPath returns the part of a URL's path after wp-content/uploads/,
// without the sites/N/ folder of a multisite network, or "".
func uploadsPath(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	const dir = "/wp-content/uploads/"
	i := strings.Index(u.Path, dir)
	if i < 0 {
		return ""
	}
	p := u.Path[i+len(dir):]
	if m := multisite.FindString(p); m != "" {
		p = p[len(m):]
	}
	return p
}

var (
	multisite = regexp.MustCompile(`^sites/[0-9]+/`)
	// variant matches what WordPress adds to a file name for resized,
	// scaled, rotated and edited copies of an image.
	variant = regexp.MustCompile(`(-[0-9]+x[0-9]+|-scaled|-rotated|-e[0-9]{13})+(\.[A-Za-z0-9]+)$`)
)

// original returns the path of the image a resized or edited copy was
// made from: "2020/06/x-300x200.jpg" → "2020/06/x.jpg".
func original(p string) string {
	return variant.ReplaceAllString(p, "$2")
}

// media finds the attachments that content refers to and asks once for
// the new address of each.
type media struct {
	all      []*Attachment
	byID     map[int]*Attachment
	byPath   map[string]*Attachment
	byURL    map[string]*Attachment
	pages    map[string]bool // paths of attachment pages
	hosts    map[string]bool // the WordPress site's own hosts
	mediaURL func(a *Attachment) (string, bool)
	asked    map[*Attachment]bool
}

func newMedia(s *Site, mediaURL func(a *Attachment) (string, bool)) *media {
	m := &media{byID: map[int]*Attachment{}, byPath: map[string]*Attachment{}, byURL: map[string]*Attachment{},
		pages: map[string]bool{}, hosts: map[string]bool{}, mediaURL: mediaURL, asked: map[*Attachment]bool{}}
	for _, u := range []string{s.Link, s.BaseSiteURL, s.BaseBlogURL} {
		if h := host(u); h != "" {
			m.hosts[h] = true
		}
	}
	for _, a := range s.Attachments() {
		m.add(a)
		if h := host(a.URL); h != "" {
			m.hosts[h] = true
		}
	}
	for _, a := range m.all {
		m.resolve(a)
	}
	return m
}

func (m *media) add(a *Attachment) {
	m.all = append(m.all, a)
	if a.ID != 0 {
		m.byID[a.ID] = a
	}
	if a.page != "" {
		m.pages[trimSlash(a.page)] = true
	}
	if a.URL != "" {
		if _, dup := m.byURL[urlKey(a.URL)]; !dup {
			m.byURL[urlKey(a.URL)] = a
		}
	}
	for _, p := range []string{a.Path, original(a.Path)} {
		if _, dup := m.byPath[p]; p != "" && !dup {
			m.byPath[p] = a
		}
	}
}

// host returns the lower-case host of a URL without "www.", or "".
func host(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// urlKey is a URL without scheme, query and fragment.
func urlKey(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	return host(raw) + u.EscapedPath()
}

// ours reports whether a URL points at the WordPress site itself: a path,
// or an absolute URL on one of its hosts.
func (m *media) ours(raw string) bool {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "":
		return u.Host == "" || m.hosts[host(raw)]
	case "http", "https":
		return m.hosts[host(raw)]
	}
	return false
}

// find returns the attachment a URL shows: the attachment at that address,
// the original of a resized copy, or, for a file under the site's uploads
// that no attachment describes, a new attachment for it.
func (m *media) find(raw string) *Attachment {
	if a := m.byURL[urlKey(raw)]; a != nil {
		return a
	}
	p := uploadsPath(raw)
	if p == "" || !m.ours(raw) {
		return nil
	}
	for _, q := range []string{p, original(p)} {
		if a := m.byPath[q]; a != nil {
			return a
		}
	}
	a := &Attachment{URL: raw, Title: path.Base(p)}
	if localPath(p) {
		a.Path = p
	}
	m.add(a)
	m.resolve(a)
	return a
}

// resolve asks, once per attachment, for its address in the media library.
func (m *media) resolve(a *Attachment) {
	if m.asked[a] {
		return
	}
	m.asked[a] = true
	if m.mediaURL == nil {
		return
	}
	if u, ok := m.mediaURL(a); ok && u != "" {
		a.NewURL = u
	}
}

// use records that owner shows a.
func (a *Attachment) use(owner string) {
	if !slices.Contains(a.UsedBy, owner) {
		a.UsedBy = append(a.UsedBy, owner)
	}
}

// linksToMedia reports whether a link leads to a media file of the site
// or to an attachment page, as WordPress links images by default.
func (m *media) linksToMedia(href string) bool {
	if !m.ours(href) {
		return false
	}
	if uploadsPath(href) != "" {
		return true
	}
	u, err := url.Parse(strings.TrimSpace(href))
	return err == nil && (u.Query().Has("attachment_id") || m.pages[trimSlash(u.Path)] && u.Path != "")
}
