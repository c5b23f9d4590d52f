package content

import (
	"fmt"
	"os"
	"path/filepath"

	"clinic"
)

// Write writes b under dir as the content tree Read reads, creating the
// folders it needs. Each file is written to a temporary name and renamed
// into place; site.md and redirects.md only when b has settings and
// redirects. Files already under dir that b does not name are left alone.
// Keys come in the order of docs/CONTENT.md, empty ones left out; times
// are written in RFC 3339 with their offset. Read gives b back, for any b
// it accepts, when b is in Read's order, has nil rather than empty lists
// and bodies without trailing white space; times come back as the same
// instant with the same offset, though not the same *time.Location.
func Write(dir string, b *clinic.Bundle) error {
	files, err := render(b)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(f.path)), f.data); err != nil {
			return fmt.Errorf("content: write %s: %w", f.path, err)
		}
	}
	return nil
}

type rendered struct {
	path string
	data []byte
}

// render encodes every file of b in memory, so that an item Write cannot
// encode fails it before anything is written.
func render(b *clinic.Bundle) ([]rendered, error) {
	w := &renderer{seen: map[string]bool{}}
	if b.Settings != (clinic.Settings{}) {
		w.add(sitePath, siteMeta(b.Settings), "")
	}
	if len(b.Redirects) > 0 {
		w.add(redirectsPath, redirectsOf(b.Redirects), "")
	}
	if len(b.Menu) > 0 {
		w.add(menuPath, menuOf(b.Menu), "")
	}
	for _, p := range b.Pages {
		w.item("pages", p.Slug, pageMetaOf(p), p.Body)
	}
	for _, t := range b.Treatments {
		w.item("treatments", t.Slug, treatmentMetaOf(t), t.Body)
	}
	for _, d := range b.Doctors {
		w.item("doctors", d.Slug, doctorMetaOf(d), d.Body)
	}
	for _, l := range b.Locations {
		w.item("locations", l.Slug, locationMetaOf(l), l.Body)
	}
	for _, c := range b.Categories {
		w.item("categories", c.Slug, categoryMeta{Name: c.Name, Description: c.Description}, "")
	}
	for _, p := range b.Posts {
		w.item("posts", p.Slug, postMetaOf(p), p.Body)
	}
	for _, v := range b.VideoFAQs {
		w.item("videos", v.Slug, videoMetaOf(v), v.Answer)
	}
	for _, p := range b.Publications {
		w.item("publications", p.Slug, publicationMetaOf(p), p.Summary)
	}
	return w.files, w.err
}

// renderer collects encoded files and the first error.
type renderer struct {
	files []rendered
	seen  map[string]bool
	err   error
}

// item adds the file of one item, refusing a slug that is not one: a slug
// becomes a file name.
func (w *renderer) item(dir, slug string, meta any, body string) {
	name := dir + "/" + slug + ".md"
	switch {
	case w.err != nil:
	case !clinic.ValidSlug(slug):
		w.err = clinic.Errorf(clinic.EInvalid, "content: write %s: %q is not a slug", dir, slug)
	case w.seen[name]:
		w.err = clinic.Errorf(clinic.EInvalid, "content: write %s: two items have the slug %q", dir, slug)
	default:
		w.seen[name] = true
		w.add(name, meta, body)
	}
}

func (w *renderer) add(name string, meta any, body string) {
	if w.err != nil {
		return
	}
	data, err := FormatFile(meta, body)
	if err != nil {
		w.err = fmt.Errorf("content: write %s: %w", name, err)
		return
	}
	w.files = append(w.files, rendered{name, data})
}

// writeFile writes data to a temporary file beside name and renames it
// into place, so that a reader never sees half a file.
func writeFile(name string, data []byte) error {
	dir := filepath.Dir(name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly after the rename
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
