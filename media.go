package clinic

import (
	"context"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Media is an image of the media library, stored in several widths. Its
// files are named by the hash of the original and their width, so their
// URLs never change meaning and can be cached for a year.
type Media struct {
	ID        int64
	Hash      string // hex SHA-256 of the processed original; the start of every file name
	Alt       string // the text that stands for the image; required before use
	Width     int    // of the largest file
	Height    int
	Ext       string // "jpg" or "png"
	Widths    []int  // of the files, ascending
	CreatedAt time.Time
}

// MaxAltLen bounds an image's alternative text, in characters.
const MaxAltLen = 300

// CheckAlt says what is wrong with an alternative text, or "".
func CheckAlt(alt string) string {
	alt = strings.TrimSpace(alt)
	switch {
	case alt == "" || !utf8.ValidString(alt):
		return "Describe the image for people who cannot see it: this text is required."
	case utf8.RuneCountInString(alt) > MaxAltLen:
		return "Please shorten the description to at most 300 characters."
	}
	return ""
}

// FileName is the name of the file of m at width w.
func (m *Media) FileName(w int) string {
	return m.Hash[:16] + "-" + strconv.Itoa(w) + "." + m.Ext
}

// URL is the path of the largest file, the one inserted into text.
func (m *Media) URL() string { return "/media/" + m.FileName(m.Width) }

// SrcSet lists every file with its width.
func (m *Media) SrcSet() string {
	var b strings.Builder
	for i, w := range m.Widths {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("/media/" + m.FileName(w) + " " + strconv.Itoa(w) + "w")
	}
	return b.String()
}

// Markdown is the Markdown that shows m with its alternative text.
func (m *Media) Markdown() string {
	alt := strings.Join(strings.Fields(m.Alt), " ")
	alt = strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(alt)
	return "![" + alt + "](" + m.URL() + ")"
}

// MediaUse is an item whose text shows an image of the library.
type MediaUse struct {
	Kind    string // "post", "pages", "treatments", … as the editors name them
	Slug    string
	Title   string
	Pending bool // only the post's pending revision shows it
}

// MediaFile is one stored size of an image.
type MediaFile struct {
	Name        string
	ContentType string
	Data        []byte
}

// MediaService keeps the media library.
type MediaService interface {
	// SaveMedia stores an image and its files; an image already in the
	// library (the same hash) is returned as it is, with its ID.
	SaveMedia(ctx context.Context, m *Media, files []MediaFile, authorID int64) error
	MediaList(ctx context.Context, limit, offset int) ([]*Media, int, error)
	MediaFile(ctx context.Context, name string) (*MediaFile, error)
	SetMediaAlt(ctx context.Context, id int64, alt string) error
	// MediaUses lists the items whose text shows image id, pending
	// revisions of posts included.
	MediaUses(ctx context.Context, id int64) ([]MediaUse, error)
	// DeleteMedia removes image id and its files. An image still in use
	// is EConflict and stays.
	DeleteMedia(ctx context.Context, id int64) error
}
