-- Scheduled backups: a run is claimed by one instance of many under a
-- lease, and finished by its holder; the newest finished run's time is
-- the backups' age that monitoring watches.
CREATE TABLE backup_runs (
	id bigserial PRIMARY KEY,
	token text NOT NULL UNIQUE,
	started_at timestamptz NOT NULL,
	lease_until timestamptz NOT NULL,
	finished_at timestamptz,
	folder text NOT NULL DEFAULT '',
	bytes bigint NOT NULL DEFAULT 0,
	error text NOT NULL DEFAULT ''
);

CREATE INDEX backup_runs_started ON backup_runs (started_at);
