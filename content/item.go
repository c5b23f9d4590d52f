package content

import (
	"path"
	"strings"
	"testing/fstest"

	"clinic"
)

// Files encodes b as the files Write would write, in memory, by path
// ("pages/about.md"). The back office's editor shows an item as its file.
func Files(b *clinic.Bundle) (map[string][]byte, error) {
	rs, err := render(b)
	if err != nil {
		return nil, err
	}
	files := make(map[string][]byte, len(rs))
	for _, r := range rs {
		files[r.path] = r.data
	}
	return files, nil
}

// ReadItem reads one file of a content tree, named by its path in the tree
// ("pages/about.md", "site.md", "redirects.md"), into a bundle that holds
// that item alone. Mistakes are EInvalid errors naming the line.
// References to other items are not checked here: the store checks them
// against what it holds.
func ReadItem(name string, data []byte) (*clinic.Bundle, error) {
	dir, file := path.Split(name)
	dir = strings.TrimSuffix(dir, "/")
	switch {
	case dir == "" && (file == sitePath || file == redirectsPath || file == menuPath):
	case knownDirs[dir] && strings.HasSuffix(file, ".md"):
	default:
		return nil, clinic.Errorf(clinic.EInvalid, "%s is not a content file", name)
	}
	r := &reader{fsys: fstest.MapFS{name: &fstest.MapFile{Data: data, Mode: 0o644}}, b: &clinic.Bundle{}, files: map[string]*File{}}
	if err := r.readAll(); err != nil {
		return nil, err
	}
	r.sort()
	return r.b, nil
}

// knownDirs are the folders of a content tree.
var knownDirs = map[string]bool{"pages": true, "treatments": true, "doctors": true, "locations": true,
	"categories": true, "posts": true, "videos": true, "publications": true}

// ItemPath is the path of an item's file: dir and slug, or site.md,
// redirects.md and menu.md for the single files.
func ItemPath(dir, slug string) (string, error) {
	switch {
	case dir == "site" || dir == "redirects" || dir == "menu":
		return dir + ".md", nil
	case knownDirs[dir] && clinic.ValidSlug(slug):
		return dir + "/" + slug + ".md", nil
	}
	return "", clinic.Errorf(clinic.ENotFound, "There is no content item %s/%s.", dir, slug)
}
