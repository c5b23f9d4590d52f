package content

import (
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"clinic"
)

// The media library in a content tree: media.md lists the images, each
// with its hash and description, and the folder media/ holds their files
// under the names the site serves them by, the hash's first 16 digits, a
// dash, the width and the type: "0123456789abcdef-960.jpg". The files are
// the stored ones, byte for byte, so that an import serves the same URLs.
const (
	mediaPath = "media.md"
	mediaDir  = "media"
)

// MaxMediaFile bounds one file of the library in a content tree.
const MaxMediaFile = 20 << 20

type mediaListMeta struct {
	Media []mediaMeta `yaml:"media,omitempty"`
}

// mediaMeta is one image of media.md; line is where it was read.
type mediaMeta struct {
	Hash string `yaml:"hash"`
	Alt  string `yaml:"alt"`
	line int
}

func (m *mediaMeta) UnmarshalYAML(n *yaml.Node) error {
	m.line = n.Line
	_, err := decodeMapping(n, m)
	return err
}

// MediaImage is an image of a content tree's library, its files checked
// but not read.
type MediaImage struct {
	Media clinic.Media // all but ID and CreatedAt
	Paths []string     // its files in the tree, by ascending width
}

// mediaFile is a file of media/ named as a library file.
type mediaFile struct {
	prefix, ext, path string
	width             int
}

// parseMediaName reads a library file name: 16 lower-case hex digits, a
// dash, a width without leading zeros, and ".jpg" or ".png".
func parseMediaName(name string) (prefix string, width int, ext string, ok bool) {
	stem, ext, found := strings.Cut(name, ".")
	if !found || (ext != "jpg" && ext != "png") {
		return "", 0, "", false
	}
	prefix, w, found := strings.Cut(stem, "-")
	if !found || len(prefix) != 16 || !isHex(prefix) || w == "" || w[0] == '0' || len(w) > 6 {
		return "", 0, "", false
	}
	width, err := strconv.Atoi(w)
	if err != nil || strconv.Itoa(width) != w {
		return "", 0, "", false
	}
	return prefix, width, ext, true
}

func isHex(s string) bool {
	return strings.Trim(s, "0123456789abcdef") == ""
}

// ReadMedia reads media.md and checks each image it lists against its
// files in media/: there must be at least one, all of one type, each a
// JPEG or PNG as wide as its name says. A tree without media.md has no
// images; files in media/ that media.md does not list are ignored. Errors
// are EInvalid and name the file and line.
func ReadMedia(fsys fs.FS) ([]*MediaImage, error) {
	data, err := fs.ReadFile(fsys, mediaPath)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("content: read %s: %w", mediaPath, err)
	}
	var m mediaListMeta
	f, err := ParseFile(mediaPath, data, &m)
	if err != nil {
		return nil, err
	}
	if err := noBody(f); err != nil {
		return nil, err
	}
	files, err := mediaFiles(fsys)
	if err != nil {
		return nil, err
	}
	var out []*MediaImage
	seen := map[string]int{}
	for _, mm := range m.Media {
		im, err := mediaImage(fsys, f, mm, files, seen)
		if err != nil {
			return nil, err
		}
		out = append(out, im)
	}
	return out, nil
}

// mediaFiles lists the library files of media/ by hash prefix, by width.
func mediaFiles(fsys fs.FS) (map[string][]mediaFile, error) {
	entries, err := fs.ReadDir(fsys, mediaDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("content: read %s: %w", mediaDir, err)
	}
	files := map[string][]mediaFile{}
	for _, e := range entries { // sorted by name, not by width
		prefix, w, ext, ok := parseMediaName(e.Name())
		if ok && e.Type().IsRegular() {
			files[prefix] = append(files[prefix], mediaFile{prefix, ext, path.Join(mediaDir, e.Name()), w})
		}
	}
	for _, list := range files {
		slices.SortFunc(list, func(a, b mediaFile) int { return a.width - b.width })
	}
	return files, nil
}

// mediaImage checks one entry of media.md and its files.
func mediaImage(fsys fs.FS, f *File, mm mediaMeta, files map[string][]mediaFile, seen map[string]int) (*MediaImage, error) {
	line := mm.line
	if line == 0 {
		line = f.Line("media")
	}
	switch {
	case len(mm.Hash) != 64 || !isHex(mm.Hash):
		return nil, f.errorf(line, "media: hash %q is not 64 lower-case hexadecimal digits", mm.Hash)
	case clinic.CheckAlt(mm.Alt) != "":
		return nil, f.errorf(line, "media: %s", clinic.CheckAlt(mm.Alt))
	case seen[mm.Hash[:16]] != 0:
		return nil, f.errorf(line, "media: the image %s… repeats the one on line %d", mm.Hash[:16], seen[mm.Hash[:16]])
	case len(files[mm.Hash[:16]]) == 0:
		return nil, f.errorf(line, "media: no file of the image in %s/, such as %s-960.jpg", mediaDir, mm.Hash[:16])
	}
	seen[mm.Hash[:16]] = line
	im := &MediaImage{Media: clinic.Media{Hash: mm.Hash, Alt: strings.TrimSpace(mm.Alt)}}
	for _, mf := range files[mm.Hash[:16]] {
		cfg, err := checkMediaFile(fsys, mf)
		if err != nil {
			return nil, f.errorf(line, "media: %s: %v", mf.path, err)
		}
		if im.Media.Ext != "" && im.Media.Ext != mf.ext {
			return nil, f.errorf(line, "media: the image %s… has both JPEG and PNG files", mm.Hash[:16])
		}
		im.Media.Ext = mf.ext
		im.Media.Widths = append(im.Media.Widths, mf.width)
		im.Media.Width, im.Media.Height = cfg.Width, cfg.Height
		im.Paths = append(im.Paths, mf.path)
	}
	return im, nil
}

// checkMediaFile reads a file's header: a JPEG or PNG as its name says,
// as wide as its name says, within MaxMediaFile.
func checkMediaFile(fsys fs.FS, mf mediaFile) (image.Config, error) {
	fi, err := fs.Stat(fsys, mf.path)
	if err != nil {
		return image.Config{}, err
	}
	if fi.Size() > MaxMediaFile {
		return image.Config{}, fmt.Errorf("larger than %d MB", MaxMediaFile>>20)
	}
	r, err := fsys.Open(mf.path)
	if err != nil {
		return image.Config{}, err
	}
	defer r.Close()
	decode := jpeg.DecodeConfig
	if mf.ext == "png" {
		decode = png.DecodeConfig
	}
	cfg, err := decode(r)
	if err != nil {
		return image.Config{}, fmt.Errorf("not a %s image", strings.ToUpper(mf.ext))
	}
	if cfg.Width != mf.width {
		return image.Config{}, fmt.Errorf("the image is %d pixels wide, not %d", cfg.Width, mf.width)
	}
	return cfg, nil
}

// Load reads the image's files from the tree it was read from.
func (im *MediaImage) Load(fsys fs.FS) ([]clinic.MediaFile, error) {
	ct := "image/jpeg"
	if im.Media.Ext == "png" {
		ct = "image/png"
	}
	out := make([]clinic.MediaFile, 0, len(im.Paths))
	for _, p := range im.Paths {
		r, err := fsys.Open(p)
		if err != nil {
			return nil, fmt.Errorf("content: read %s: %w", p, err)
		}
		data, err := io.ReadAll(io.LimitReader(r, MaxMediaFile+1))
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("content: read %s: %w", p, err)
		}
		if len(data) > MaxMediaFile {
			return nil, clinic.Errorf(clinic.EInvalid, "content: %s is larger than %d MB", p, MaxMediaFile>>20)
		}
		out = append(out, clinic.MediaFile{Name: path.Base(p), ContentType: ct, Data: data})
	}
	return out, nil
}

// WriteMedia writes media.md listing ms, in their order, and each of
// their files, whose bytes data returns by name, into media/ under dir.
// With no images it writes nothing.
func WriteMedia(dir string, ms []*clinic.Media, data func(name string) ([]byte, error)) error {
	if len(ms) == 0 {
		return nil
	}
	var list mediaListMeta
	for _, m := range ms {
		list.Media = append(list.Media, mediaMeta{Hash: m.Hash, Alt: m.Alt})
		for _, w := range m.Widths {
			name := m.FileName(w)
			b, err := data(name)
			if err != nil {
				return fmt.Errorf("content: write media %s: %w", name, err)
			}
			if err := writeFile(filepath.Join(dir, mediaDir, name), b); err != nil {
				return fmt.Errorf("content: write media %s: %w", name, err)
			}
		}
	}
	text, err := FormatFile(list, "")
	if err != nil {
		return fmt.Errorf("content: write %s: %w", mediaPath, err)
	}
	return writeFile(filepath.Join(dir, mediaPath), text)
}
