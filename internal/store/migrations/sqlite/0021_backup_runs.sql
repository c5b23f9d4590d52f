-- Scheduled backups: a run is claimed by one instance of many under a
-- lease, and finished by its holder; the newest finished run's time is
-- the backups' age that monitoring watches.
CREATE TABLE backup_runs (
	id INTEGER PRIMARY KEY NOT NULL,
	token TEXT NOT NULL UNIQUE,
	started_at TEXT NOT NULL,
	lease_until TEXT NOT NULL,
	finished_at TEXT,
	folder TEXT NOT NULL DEFAULT '',
	bytes INTEGER NOT NULL DEFAULT 0,
	error TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX backup_runs_started ON backup_runs (started_at);
