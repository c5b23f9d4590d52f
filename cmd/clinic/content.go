package main

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"slices"

	"clinic"
	"clinic/content"
	"clinic/internal/store"
)

// contentCommand runs `clinic content import DIR` and `clinic content
// export DIR`: the content files and the media library with its files.
func contentCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) == 1 && args[0] == "check" {
		return checkContent(ctx, cfg, log, out)
	}
	if len(args) != 2 || (args[0] != "import" && args[0] != "export") {
		return fmt.Errorf("usage: clinic content import DIR | clinic content export DIR | clinic content check")
	}
	dir := args[1]
	if args[0] == "import" {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("content import: %s is not a folder", dir)
		}
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	if args[0] == "export" {
		return exportContent(ctx, db, dir, out)
	}
	return importContent(ctx, db, dir, out)
}

// checkContent checks the site's content against the clinicians'
// schedules: an office's listed hours that online booking does not honour.
// It prints each disagreement and fails if there is any.
func checkContent(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	offices, err := db.Locations(ctx)
	if err != nil {
		return err
	}
	weeks, err := db.WeeklyAvailability(ctx)
	if err != nil {
		return err
	}
	var all []*clinic.AvailabilityWindow
	for _, w := range weeks {
		all = append(all, w...)
	}
	n := 0
	for _, l := range offices {
		for _, problem := range clinic.HoursDisagreements(l, all) {
			fmt.Fprintln(out, problem)
			n++
		}
	}
	if n > 0 {
		return fmt.Errorf("content check: %d places where an office's hours and its clinicians' bookable hours disagree", n)
	}
	fmt.Fprintf(out, "content check: the hours of %d offices agree with when their clinicians can be booked\n", len(offices))
	return nil
}

func exportContent(ctx context.Context, db *store.DB, dir string, out io.Writer) error {
	b, err := db.Export(ctx)
	if err != nil {
		return err
	}
	if err := content.Write(dir, b); err != nil {
		return err
	}
	ms, _, err := db.MediaList(ctx, 0, 0)
	if err != nil {
		return err
	}
	slices.Reverse(ms) // oldest first, so that an import keeps the library's order
	err = content.WriteMedia(dir, ms, func(name string) ([]byte, error) {
		f, err := db.MediaFile(ctx, name)
		if err != nil {
			return nil, err
		}
		return f.Data, nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "exported %d posts, %d pages, %d treatments, %d doctors, %d locations and %d images to %s\n",
		len(b.Posts), len(b.Pages), len(b.Treatments), len(b.Doctors), len(b.Locations), len(ms), dir)
	return nil
}

// importContent reads and checks the whole tree, content files and
// media, before it writes anything; then imports the content in one
// transaction and the images one by one (an import run again finishes
// one that stopped half way).
func importContent(ctx context.Context, db *store.DB, dir string, out io.Writer) error {
	fsys := os.DirFS(dir)
	b, err := content.Read(fsys)
	if err != nil {
		return err
	}
	images, err := content.ReadMedia(fsys)
	if err != nil {
		return err
	}
	report, err := db.Import(ctx, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %s: %d created, %d updated, %d unchanged\n", dir, report.Created, report.Updated, report.Unchanged)
	if report.Created+report.Updated > 0 {
		err := db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "content.import", Record: "content",
			Address: "local", Detail: fmt.Sprintf("%d created, %d updated", report.Created, report.Updated)})
		if err != nil {
			return err
		}
	}
	return importMedia(ctx, db, fsys, images, out)
}

func importMedia(ctx context.Context, db *store.DB, fsys fs.FS, images []*content.MediaImage, out io.Writer) error {
	if len(images) == 0 {
		return nil
	}
	var rep clinic.ImportReport
	for _, im := range images {
		files, err := im.Load(fsys)
		if err != nil {
			return err
		}
		if err := db.ImportMedia(ctx, &im.Media, files, &rep); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "imported images: %d created, %d updated, %d unchanged\n", rep.Created, rep.Updated, rep.Unchanged)
	if rep.Created+rep.Updated == 0 {
		return nil
	}
	return db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "media.import", Record: "media",
		Address: "local", Detail: fmt.Sprintf("%d created, %d updated", rep.Created, rep.Updated)})
}
