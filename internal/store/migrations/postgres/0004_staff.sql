-- Staff accounts, sessions, one-time tokens, sign-in throttling, notes on
-- leads and the audit log. Secrets are stored as hashes (passwords with
-- argon2id, tokens with SHA-256) or sealed (TOTP secrets).

CREATE TABLE users (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email text NOT NULL UNIQUE CHECK (email <> '' AND email = lower(email)),
	name text NOT NULL,
	role text NOT NULL CHECK (role IN ('admin', 'editor', 'front_desk', 'provider')),
	password_hash text NOT NULL,
	totp_sealed bytea,
	totp_enabled boolean NOT NULL DEFAULT false,
	totp_last_step bigint NOT NULL DEFAULT 0,
	disabled boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);

CREATE TABLE sessions (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	token_hash text NOT NULL UNIQUE,
	user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	two_factor boolean NOT NULL DEFAULT false,
	created_at timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE recovery_codes (
	user_id bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	code_hash text NOT NULL,
	used_at timestamptz,
	PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE auth_tokens (
	token_hash text PRIMARY KEY NOT NULL,
	purpose text NOT NULL CHECK (purpose IN ('setup', 'reset')),
	user_id bigint REFERENCES users (id) ON DELETE CASCADE,
	expires_at timestamptz NOT NULL,
	used_at timestamptz
);

CREATE TABLE auth_failures (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	key_hash text NOT NULL,
	at timestamptz NOT NULL
);
CREATE INDEX auth_failures_key ON auth_failures (key_hash, at);

CREATE TABLE lead_notes (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	message_id bigint NOT NULL REFERENCES contact_messages (id) ON DELETE CASCADE,
	author_id bigint NOT NULL REFERENCES users (id),
	sealed bytea NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX lead_notes_message ON lead_notes (message_id, id);

CREATE TABLE audit_events (
	id bigint PRIMARY KEY,
	at timestamptz NOT NULL,
	actor_id bigint NOT NULL,
	actor text NOT NULL,
	action text NOT NULL,
	record text NOT NULL,
	address text NOT NULL,
	outcome text NOT NULL CHECK (outcome IN ('ok', 'refused')),
	detail text NOT NULL,
	prev_hash text NOT NULL,
	hash text NOT NULL
);
CREATE INDEX audit_events_actor ON audit_events (actor_id, id);
CREATE INDEX audit_events_record ON audit_events (record, id);
CREATE INDEX audit_events_action ON audit_events (action, id);

-- The audit log is append-only: the database refuses to change or remove
-- a row.
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION 'the audit log is append-only';
END $$;
CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
