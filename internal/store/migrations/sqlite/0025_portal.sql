-- The patient portal. An account is found by a keyed hash of its email
-- address, which is kept sealed for sending mail; it sees a patient
-- record only once its email is verified and the date of birth the
-- patient gives matches the record (patient_id). Sessions and one-time
-- sign-in links keep only hashes of their tokens.
CREATE TABLE portal_accounts (
	id INTEGER PRIMARY KEY NOT NULL,
	email_hash TEXT NOT NULL UNIQUE,
	sealed BLOB NOT NULL,
	patient_id INTEGER REFERENCES patients (id) ON DELETE SET NULL,
	verified_at TEXT,
	password_hash TEXT NOT NULL DEFAULT '',
	totp_sealed BLOB,
	totp_last_step INTEGER NOT NULL DEFAULT 0,
	closed_at TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX portal_accounts_patient ON portal_accounts (patient_id) WHERE patient_id IS NOT NULL;

CREATE TABLE portal_sessions (
	id INTEGER PRIMARY KEY NOT NULL,
	token_hash TEXT NOT NULL UNIQUE,
	account_id INTEGER NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	two_factor INTEGER NOT NULL DEFAULT 0 CHECK (two_factor IN (0, 1)),
	created_at TEXT NOT NULL,
	last_seen_at TEXT NOT NULL
) STRICT;
CREATE INDEX portal_sessions_account ON portal_sessions (account_id);

CREATE TABLE portal_links (
	token_hash TEXT PRIMARY KEY NOT NULL,
	account_id INTEGER NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	expires_at TEXT NOT NULL,
	used_at TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX portal_links_account ON portal_links (account_id);

