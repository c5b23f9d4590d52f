package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"clinic"
	"clinic/internal/media"
	"clinic/internal/store"
	"clinic/internal/wordpress"
)

// authorFlags collect --author login=doctor-slug.
type authorFlags map[string]string

func (a authorFlags) String() string { return fmt.Sprint(map[string]string(a)) }

func (a authorFlags) Set(v string) error {
	login, slug, ok := strings.Cut(v, "=")
	if !ok || login == "" || !clinic.ValidSlug(slug) {
		return fmt.Errorf("want LOGIN=DOCTOR-SLUG, such as admin=dr-maya-lindqvist")
	}
	a[login] = slug
	return nil
}

// wordpressCommand runs "clinic import-wordpress export.xml [--uploads DIR]
// [--dry-run] [--author LOGIN=SLUG]… [--default-author SLUG]".
func wordpressCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import-wordpress", flag.ContinueOnError)
	fs.SetOutput(out)
	uploads := fs.String("uploads", "", "a local copy of the site's wp-content/uploads folder, to import images from")
	dryRun := fs.Bool("dry-run", false, "print what would be imported and change nothing")
	fallback := fs.String("default-author", "", "doctor slug for posts whose WordPress author is no doctor here")
	authors := authorFlags{}
	fs.Var(authors, "author", "LOGIN=DOCTOR-SLUG: whose posts a WordPress user's are (repeatable)")
	var file string
	for rest := args; ; {
		if err := fs.Parse(rest); err != nil {
			return err
		}
		if fs.NArg() == 0 {
			break
		}
		if file != "" {
			return errors.New("usage: clinic import-wordpress EXPORT.xml [--uploads DIR] [--dry-run] [--author LOGIN=SLUG] [--default-author SLUG]")
		}
		file, rest = fs.Arg(0), fs.Args()[1:]
	}
	if file == "" {
		return errors.New("usage: clinic import-wordpress EXPORT.xml [--uploads DIR] [--dry-run]")
	}
	site, err := readExport(file)
	if err != nil {
		return err
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	im := &wpImport{db: db, uploads: *uploads, dryRun: *dryRun, authors: authors, fallback: *fallback, out: out}
	return im.run(ctx, site)
}

func readExport(file string) (*wordpress.Site, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	site, err := wordpress.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	return site, nil
}

// wpImport carries one run of the WordPress import.
type wpImport struct {
	db       *store.DB
	uploads  string
	dryRun   bool
	authors  authorFlags
	fallback string
	out      io.Writer
	doctors  map[string]string // normalised name -> slug
	missing  map[string]bool   // WordPress logins with no doctor
	noAlt    []string          // imported images described by their title
	failed   []string          // files that could not be imported, and why
}

func (im *wpImport) run(ctx context.Context, site *wordpress.Site) error {
	docs, err := im.db.Doctors(ctx)
	if err != nil {
		return err
	}
	im.doctors, im.missing = map[string]string{}, map[string]bool{}
	for _, d := range docs {
		im.doctors[personKey(d.Name)] = d.Slug
	}
	res, err := wordpress.Convert(site, wordpress.Options{Now: time.Now(), Author: im.author,
		MediaURL: func(a *wordpress.Attachment) (string, bool) { return im.importMedia(ctx, a) }})
	if err != nil {
		return err
	}
	if len(im.missing) > 0 {
		var logins []string
		for l := range im.missing {
			logins = append(logins, l)
		}
		sort.Strings(logins)
		return fmt.Errorf("no doctor here matches the WordPress author(s) %s by name; map each with --author LOGIN=DOCTOR-SLUG or give --default-author DOCTOR-SLUG; nothing was imported",
			strings.Join(logins, ", "))
	}
	im.report(res)
	if im.dryRun {
		fmt.Fprintln(im.out, "\nDry run: nothing was written.")
		return nil
	}
	rep, err := im.db.Import(ctx, res.Bundle)
	if err != nil {
		return err
	}
	fmt.Fprintf(im.out, "\nImported: %d created, %d updated, %d unchanged.\n", rep.Created, rep.Updated, rep.Unchanged)
	return im.db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "content.import_wordpress", Record: "content",
		Address: "local", Detail: fmt.Sprintf("%d created, %d updated", rep.Created, rep.Updated)})
}

// author finds the doctor a WordPress author's posts belong to: an
// --author mapping, a doctor of the same name, or --default-author.
func (im *wpImport) author(a wordpress.Author) string {
	if slug, ok := im.authors[a.Login]; ok {
		return slug
	}
	for _, name := range []string{a.DisplayName, a.FirstName + " " + a.LastName} {
		if slug, ok := im.doctors[personKey(name)]; ok && strings.TrimSpace(name) != "" {
			return slug
		}
	}
	if im.fallback != "" {
		return im.fallback
	}
	im.missing[a.Login] = true
	return "unmapped-author"
}

// personKey is a name without titles, credentials, case or punctuation:
// "Dr. Maya Lindqvist, MD" and "maya lindqvist" are the same person.
func personKey(name string) string {
	name, _, _ = strings.Cut(strings.ToLower(name), ",")
	var words []string
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '.' || r == '\t' }) {
		if w != "dr" && w != "md" && w != "do" {
			words = append(words, w)
		}
	}
	return strings.Join(words, " ")
}

// importMedia brings one WordPress upload into the media library, from
// the local copy of wp-content/uploads.
func (im *wpImport) importMedia(ctx context.Context, a *wordpress.Attachment) (string, bool) {
	if im.uploads == "" || a.Path == "" {
		return "", false
	}
	data, err := os.ReadFile(filepath.Join(im.uploads, filepath.FromSlash(a.Path)))
	if err != nil {
		why := "could not be read"
		if errors.Is(err, os.ErrNotExist) {
			why = "not in the uploads folder"
		}
		im.failed = append(im.failed, a.Path+": "+why)
		return "", false
	}
	img, err := media.Process(data, media.DefaultLimits())
	if err != nil {
		im.failed = append(im.failed, a.Path+": "+clinic.ErrorMessage(err))
		return "", false
	}
	m := &clinic.Media{Hash: img.SHA256, Alt: a.Alt, Ext: "jpg"}
	if m.Alt == "" {
		m.Alt = strings.TrimSpace(a.Title)
		im.noAlt = append(im.noAlt, a.Path)
	}
	if m.Alt == "" {
		m.Alt = filepath.Base(a.Path)
	}
	if img.ContentType == media.PNG {
		m.Ext = "png"
	}
	var files []clinic.MediaFile
	for _, v := range img.Variants {
		m.Widths = append(m.Widths, v.Width)
		m.Width, m.Height = v.Width, v.Height
		files = append(files, clinic.MediaFile{Name: m.FileName(v.Width), ContentType: v.ContentType, Data: v.Data})
	}
	if len(files) == 0 {
		return "", false
	}
	if !im.dryRun {
		if err := im.db.SaveMedia(ctx, m, files, 0); err != nil {
			im.failed = append(im.failed, a.Path+": "+clinic.ErrorMessage(err))
			return "", false
		}
	}
	return m.URL(), true
}

// report prints what the import makes and everything it could not convert.
func (im *wpImport) report(res *wordpress.Result) {
	r := res.Report
	w := im.out
	fmt.Fprintf(w, "Posts: %d (%d drafts, %d scheduled, %d were private)\nPages: %d\nCategories: %d, tags: %d\nRedirects from old addresses: %d\n",
		r.Posts, r.Drafts, r.Scheduled, r.Private, r.Pages, r.Categories, r.Tags, r.Redirects)
	fmt.Fprintf(w, "Media: %d referenced, %d kept at their old address\n", r.Media, r.MediaKept)
	fmt.Fprintf(w, "Not imported: %d in the trash, %d comments", r.Trashed, r.Comments)
	for _, k := range sortedKeys(r.Skipped) {
		fmt.Fprintf(w, ", %d %s", r.Skipped[k], k)
	}
	fmt.Fprintln(w)
	if len(r.Unconverted) > 0 {
		fmt.Fprintf(w, "\nNot converted (%d), to review by hand:\n", len(r.Unconverted))
		for _, p := range r.Unconverted {
			fmt.Fprintln(w, "  -", p.String())
		}
	}
	for _, f := range im.failed {
		fmt.Fprintln(w, "  - file", f)
	}
	if len(im.noAlt) > 0 {
		fmt.Fprintf(w, "\nImages without a description, described by their title for now; describe them in the media library:\n")
		for _, p := range im.noAlt {
			fmt.Fprintln(w, "  -", p)
		}
	}
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
