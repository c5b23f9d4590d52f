-- The patient portal. An account is found by a keyed hash of its email
-- address, which is kept sealed for sending mail; it sees a patient
-- record only once its email is verified and the date of birth the
-- patient gives matches the record (patient_id). Sessions and one-time
-- sign-in links keep only hashes of their tokens.
CREATE TABLE portal_accounts (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	email_hash text NOT NULL UNIQUE,
	sealed bytea NOT NULL,
	patient_id bigint REFERENCES patients (id) ON DELETE SET NULL,
	verified_at timestamptz,
	password_hash text NOT NULL DEFAULT '',
	totp_sealed bytea,
	totp_last_step bigint NOT NULL DEFAULT 0,
	closed_at timestamptz,
	created_at timestamptz NOT NULL
);
CREATE INDEX portal_accounts_patient ON portal_accounts (patient_id) WHERE patient_id IS NOT NULL;

CREATE TABLE portal_sessions (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	token_hash text NOT NULL UNIQUE,
	account_id bigint NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	two_factor integer NOT NULL DEFAULT 0 CHECK (two_factor IN (0, 1)),
	created_at timestamptz NOT NULL,
	last_seen_at timestamptz NOT NULL
);
CREATE INDEX portal_sessions_account ON portal_sessions (account_id);

CREATE TABLE portal_links (
	token_hash text PRIMARY KEY NOT NULL,
	account_id bigint NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	expires_at timestamptz NOT NULL,
	used_at timestamptz,
	created_at timestamptz NOT NULL
);
CREATE INDEX portal_links_account ON portal_links (account_id);

