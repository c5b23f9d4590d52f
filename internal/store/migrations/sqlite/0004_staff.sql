-- Staff accounts, sessions, one-time tokens, sign-in throttling, notes on
-- leads and the audit log. Secrets are stored as hashes (passwords with
-- argon2id, tokens with SHA-256) or sealed (TOTP secrets).

CREATE TABLE users (
	id INTEGER PRIMARY KEY NOT NULL,
	email TEXT NOT NULL UNIQUE CHECK (email <> '' AND email = lower(email)),
	name TEXT NOT NULL,
	role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'front_desk', 'provider')),
	password_hash TEXT NOT NULL,
	totp_sealed BLOB,
	totp_enabled INTEGER NOT NULL DEFAULT 0 CHECK (totp_enabled IN (0, 1)),
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE sessions (
	id INTEGER PRIMARY KEY NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	two_factor INTEGER NOT NULL DEFAULT 0 CHECK (two_factor IN (0, 1)),
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE recovery_codes (
	user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash TEXT NOT NULL,
	used_at TEXT,
	PRIMARY KEY (user_id, code_hash)
) STRICT;

CREATE TABLE auth_tokens (
	token_hash TEXT PRIMARY KEY NOT NULL,
	purpose TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
	user_id INTEGER REFERENCES users (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL,
	used_at TEXT
) STRICT;

CREATE TABLE auth_failures (
	id INTEGER PRIMARY KEY NOT NULL,
	key_hash TEXT NOT NULL,
	at TEXT NOT NULL
) STRICT;
CREATE INDEX auth_failures_key ON auth_failures (key_hash, at);

CREATE TABLE lead_notes (
	id INTEGER PRIMARY KEY NOT NULL,
	message_id INTEGER NOT NULL REFERENCES contact_messages (id) ON DELETE CASCADE,
	author_id INTEGER NOT NULL REFERENCES users (id),
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX lead_notes_message ON lead_notes (message_id, id);

CREATE TABLE audit_events (
	id INTEGER PRIMARY KEY NOT NULL,
	at TEXT NOT NULL,
	actor_id INTEGER NOT NULL,
	actor TEXT NOT NULL,
	action TEXT NOT NULL,
	record TEXT NOT NULL,
	address TEXT NOT NULL,
	outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused')),
	detail TEXT NOT NULL,
	prev_hash TEXT NOT NULL,
	hash TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_actor ON audit_events (actor_id, id);
CREATE INDEX audit_events_record ON audit_events (record, id);
CREATE INDEX audit_events_action ON audit_events (action, id);

-- The audit log is append-only: the database refuses to change or remove
-- a row.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
