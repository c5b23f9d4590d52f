package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"time"

	"clinic"
)

// SnapshotTo writes a consistent copy of a SQLite database to a new file
// at path while others keep writing: VACUUM INTO, on a connection of its
// own, reads one transaction's view of every table and holds up no writer
// (the database is in WAL mode), and leaves nothing in a write-ahead log,
// so the copy opens on its own. The reader pool cannot do it: its
// connections are query_only. On PostgreSQL it refuses; back up with
// pg_dump.
func (db *DB) SnapshotTo(ctx context.Context, path string) error {
	if db.d.name != "sqlite" {
		return clinic.Errorf(clinic.EInvalid, "store: snapshot to %s: only a SQLite database is copied to a file; PostgreSQL is backed up with pg_dump", path)
	}
	var file string
	err := db.read.QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file)
	if err != nil {
		return fmt.Errorf("store: snapshot: find the database file: %w", err)
	}
	conn, err := openSQLitePool(ctx, file+"?"+sqlitePragmas, 1)
	if err != nil {
		return fmt.Errorf("store: snapshot: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, path); err != nil {
		return fmt.Errorf("store: snapshot to %s: %w", path, err)
	}
	return nil
}

// IsPostgres reports whether dsn selects PostgreSQL rather than a SQLite
// file.
func IsPostgres(dsn string) bool { return isPostgres(dsn) }

// ServerVersion is PostgreSQL's server_version_num (150004 for 15.4), or
// 0 on SQLite.
func (db *DB) ServerVersion(ctx context.Context) (int, error) {
	if db.d.name != "postgres" {
		return 0, nil
	}
	var v int
	if err := db.read.QueryRowContext(ctx, `SELECT current_setting('server_version_num')::int`).Scan(&v); err != nil {
		return 0, fmt.Errorf("store: server version: %w", err)
	}
	return v, nil
}

// BackupRun is a backup claimed by one instance: its token proves the
// claim when it finishes.
type BackupRun struct {
	ID      int64
	Token   string
	Started time.Time
}

// BackupSchedule says when a backup is due: Every after the start of the
// last one that succeeded and RetryAfter after the last attempt of any
// kind. A zero Every is a backup asked for now, due whatever the last
// one. Lease is how long a run may take before another instance may
// take its place.
type BackupSchedule struct {
	Every, RetryAfter, Lease time.Duration
}

// abandoned is the error of a run whose lease ran out unfinished.
const abandoned = "not finished in this database: its instance stopped, or the database was restored from a backup made during it"

// ClaimBackup starts a backup run when one is due and no other instance
// holds one, and reports whether it did. Claims serialise on one lock
// (the write lock on SQLite, an advisory lock on PostgreSQL), so that of
// several instances that find a backup due, one runs it.
func (db *DB) ClaimBackup(ctx context.Context, now time.Time, s BackupSchedule) (BackupRun, bool, error) {
	run := BackupRun{Token: rand.Text()}
	var ok bool
	err := db.inTx(ctx, normTime(now), func(t *tx) error {
		if err := t.lock(ctx, "backup run"); err != nil {
			return err
		}
		due, err := t.backupDue(ctx, s)
		if err != nil || !due {
			return err
		}
		run.Started = t.now
		err = t.QueryRowContext(ctx, `INSERT INTO backup_runs (token, started_at, lease_until) VALUES ($1, $2, $3) RETURNING id`,
			run.Token, t.d.timeArg(t.now), t.d.timeArg(t.now.Add(s.Lease))).Scan(&run.ID)
		ok = err == nil
		return err
	})
	if err != nil {
		return BackupRun{}, false, fmt.Errorf("store: claim backup: %w", err)
	}
	return run, ok, nil
}

// backupDue gives up runs whose lease ran out and reports whether a new
// run is due under s.
func (t *tx) backupDue(ctx context.Context, s BackupSchedule) (bool, error) {
	if _, err := t.ExecContext(ctx, `UPDATE backup_runs SET finished_at = $1, error = $2
		WHERE finished_at IS NULL AND lease_until <= $1`, t.d.timeArg(t.now), abandoned); err != nil {
		return false, err
	}
	if s.Every == 0 {
		return true, nil
	}
	var held int
	var lastOK, lastAny time.Time
	err := t.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM backup_runs WHERE finished_at IS NULL),
		(SELECT max(started_at) FROM backup_runs WHERE finished_at IS NOT NULL AND error = ''),
		(SELECT max(started_at) FROM backup_runs)`).Scan(&held, timeCol{&lastOK}, timeCol{&lastAny})
	if err != nil {
		return false, err
	}
	return held == 0 && !t.now.Before(lastOK.Add(s.Every)) && !t.now.Before(lastAny.Add(s.RetryAfter)), nil
}

// FinishBackup records the end of a run still held: the folder it wrote
// and its size, or why it failed.
func (db *DB) FinishBackup(ctx context.Context, run BackupRun, folder string, bytes int64, failure error, now time.Time) error {
	why := ""
	if failure != nil {
		why = failure.Error()
	}
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE backup_runs SET finished_at = $2, folder = $3, bytes = $4, error = $5
			WHERE token = $1 AND finished_at IS NULL`, run.Token, t.d.timeArg(t.now), folder, bytes, why)
		if err != nil {
			return fmt.Errorf("store: finish backup: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return clinic.Errorf(clinic.EConflict, "The backup run %d was given up before it finished: its lease ran out.", run.ID)
		}
		return nil
	})
}

// RecordBackup records a backup made by hand (clinic backup) once it
// ended, as a finished run: it counts for LastBackup, and since it held
// no lease while it ran, it never kept a scheduled backup waiting.
func (db *DB) RecordBackup(ctx context.Context, started time.Time, folder string, bytes int64, failure error, now time.Time) error {
	why := ""
	if failure != nil {
		why = failure.Error()
	}
	return db.inTx(ctx, normTime(now), func(t *tx) error {
		_, err := t.ExecContext(ctx, `INSERT INTO backup_runs (token, started_at, lease_until, finished_at, folder, bytes, error)
			VALUES ($1, $2, $2, $3, $4, $5, $6)`, rand.Text(), t.d.timeArg(started), t.d.timeArg(t.now), folder, bytes, why)
		if err != nil {
			return fmt.Errorf("store: record backup: %w", err)
		}
		return nil
	})
}

// LastBackup is when the newest backup that succeeded finished, or the
// zero time when none has.
func (db *DB) LastBackup(ctx context.Context) (time.Time, error) {
	var at time.Time
	err := db.read.QueryRowContext(ctx, `SELECT max(finished_at) FROM backup_runs WHERE finished_at IS NOT NULL AND error = ''`).Scan(timeCol{&at})
	if err != nil {
		return time.Time{}, fmt.Errorf("store: last backup: %w", err)
	}
	return at, nil
}
