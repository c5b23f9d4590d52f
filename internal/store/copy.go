package store

import (
	"context"
	"fmt"

	"clinic"
)

// CopyTo writes a consistent copy of a SQLite database to a new file at
// path, with VACUUM INTO: one transaction's view of every table, even
// while others write, and with nothing left in a write-ahead log, so the
// file opens on its own. SQLite refuses to overwrite a file that is not
// empty. On PostgreSQL it refuses: copy a PostgreSQL database with pg_dump or
// CREATE DATABASE … TEMPLATE. Tests use it to build a database once and
// hand each test a copy of its own.
func (db *DB) CopyTo(ctx context.Context, path string) error {
	if db.d.name != "sqlite" {
		return clinic.Errorf(clinic.EInvalid, "store: copy to %s: only a SQLite database can be copied to a file", path)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("store: copy to %s: %w", path, err)
	}
	return nil
}
