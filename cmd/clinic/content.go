package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"

	"clinic"
	"clinic/content"
)

// contentCommand runs `clinic content import DIR` and `clinic content
// export DIR`.
func contentCommand(ctx context.Context, cfg Config, log *slog.Logger, args []string, out io.Writer) error {
	if len(args) != 2 || (args[0] != "import" && args[0] != "export") {
		return fmt.Errorf("usage: clinic content import DIR | clinic content export DIR")
	}
	db, err := openExisting(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer db.Close()
	dir := args[1]
	if args[0] == "export" {
		b, err := db.Export(ctx)
		if err != nil {
			return err
		}
		if err := content.Write(dir, b); err != nil {
			return err
		}
		fmt.Fprintf(out, "exported %d posts, %d pages, %d treatments, %d doctors and %d locations to %s\n",
			len(b.Posts), len(b.Pages), len(b.Treatments), len(b.Doctors), len(b.Locations), dir)
		return nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("content import: %s is not a folder", dir)
	}
	b, err := content.Read(os.DirFS(dir))
	if err != nil {
		return err
	}
	report, err := db.Import(ctx, b)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "imported %s: %d created, %d updated, %d unchanged\n", dir, report.Created, report.Updated, report.Unchanged)
	if report.Created+report.Updated == 0 {
		return nil
	}
	return db.Audit(ctx, &clinic.AuditEvent{Actor: "command line", Action: "content.import", Record: "content",
		Address: "local", Detail: fmt.Sprintf("%d created, %d updated", report.Created, report.Updated)})
}
