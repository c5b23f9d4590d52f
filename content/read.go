package content

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"

	"clinic"
)

// The two files of a content tree that are not in a folder.
const (
	sitePath      = "site.md"
	redirectsPath = "redirects.md"
	menuPath      = "menu.md"
)

// reader holds what Read has read so far: the bundle, and each item's file
// so that reference checks can name the line of the key at fault.
type reader struct {
	fsys  fs.FS
	b     *clinic.Bundle
	files map[string]*File // by path: "posts/posture.md"
}

// Read reads a content tree as docs/CONTENT.md describes it. Missing
// folders and files are read as empty. Files in the folders whose names do
// not end in ".md" are ignored. A malformed file, or a reference to an item
// the tree does not hold, fails the whole read with a *clinic.Error of kind
// EInvalid that names the file and line. Items come sorted by order, then
// slug, where they have an order, by slug otherwise; redirects by path.
func Read(fsys fs.FS) (*clinic.Bundle, error) {
	r := &reader{fsys: fsys, b: &clinic.Bundle{}, files: map[string]*File{}}
	if err := r.readAll(); err != nil {
		return nil, err
	}
	if err := r.checkRefs(); err != nil {
		return nil, err
	}
	r.sort()
	return r.b, nil
}

// readAll reads every file and returns the first error in this order.
func (r *reader) readAll() error {
	b := r.b
	return firstError(
		readOne(r, sitePath, toSettings, &b.Settings),
		readOne(r, redirectsPath, toRedirects, &b.Redirects),
		readOne(r, menuPath, toMenu, &b.Menu),
		readDir(r, "pages", toPage, &b.Pages),
		readDir(r, "treatments", toTreatment, &b.Treatments),
		readDir(r, "doctors", toDoctor, &b.Doctors),
		readDir(r, "locations", toLocation, &b.Locations),
		readDir(r, "categories", toCategory, &b.Categories),
		readDir(r, "posts", toPost, &b.Posts),
		readDir(r, "videos", toVideo, &b.VideoFAQs),
		readDir(r, "publications", toPublication, &b.Publications),
	)
}

// readOne reads a single file such as site.md into *dst, if it exists.
func readOne[M, T any](r *reader, name string, to func(*File, *M) (T, error), dst *T) error {
	data, err := fs.ReadFile(r.fsys, name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("content: read %s: %w", name, err)
	}
	var m M
	f, err := ParseFile(name, data, &m)
	if err != nil {
		return err
	}
	*dst, err = to(f, &m)
	return err
}

// readDir reads every .md file of a folder, if it exists, into *dst.
func readDir[M, T any](r *reader, dir string, to func(string, *File, *M) (T, error), dst *[]T) error {
	entries, err := fs.ReadDir(r.fsys, dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("content: read %s: %w", dir, err)
	}
	for _, e := range entries {
		slug, ok := strings.CutSuffix(e.Name(), ".md")
		if !ok || e.IsDir() {
			continue
		}
		item, err := readItem(r, path.Join(dir, e.Name()), slug, to)
		if err != nil {
			return err
		}
		*dst = append(*dst, item)
	}
	return nil
}

func readItem[M, T any](r *reader, name, slug string, to func(string, *File, *M) (T, error)) (T, error) {
	var zero T
	if !clinic.ValidSlug(slug) {
		return zero, invalid(name, 1, fmt.Sprintf("file name %q is not a slug: lower-case letters, digits and single hyphens, then .md", slug+".md"))
	}
	data, err := fs.ReadFile(r.fsys, name)
	if err != nil {
		return zero, fmt.Errorf("content: read %s: %w", name, err)
	}
	var m M
	f, err := ParseFile(name, data, &m)
	if err != nil {
		return zero, err
	}
	r.files[name] = f
	return to(slug, f, &m)
}

func (r *reader) sort() {
	b := r.b
	slices.SortFunc(b.Pages, func(x, y *clinic.Page) int { return cmp.Compare(x.Slug, y.Slug) })
	slices.SortFunc(b.Treatments, func(x, y *clinic.Treatment) int { return byOrder(x.Order, y.Order, x.Slug, y.Slug) })
	slices.SortFunc(b.Doctors, func(x, y *clinic.Doctor) int { return byOrder(x.Order, y.Order, x.Slug, y.Slug) })
	slices.SortFunc(b.Locations, func(x, y *clinic.Location) int { return byOrder(x.Order, y.Order, x.Slug, y.Slug) })
	slices.SortFunc(b.Categories, func(x, y *clinic.Category) int { return cmp.Compare(x.Slug, y.Slug) })
	slices.SortFunc(b.Posts, func(x, y *clinic.Post) int { return cmp.Compare(x.Slug, y.Slug) })
	slices.SortFunc(b.VideoFAQs, func(x, y *clinic.VideoFAQ) int { return byOrder(x.Order, y.Order, x.Slug, y.Slug) })
	slices.SortFunc(b.Publications, func(x, y *clinic.Publication) int { return cmp.Compare(x.Slug, y.Slug) })
	slices.SortFunc(b.Redirects, func(x, y *clinic.Redirect) int { return cmp.Compare(x.From, y.From) })
}

func byOrder(o1, o2 int, s1, s2 string) int {
	return cmp.Or(cmp.Compare(o1, o2), cmp.Compare(s1, s2))
}
