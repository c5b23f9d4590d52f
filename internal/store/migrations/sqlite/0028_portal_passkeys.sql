-- Passkeys of portal accounts. The user handle is random, one per
-- account and relying party; a credential's record (public key, sign
-- count, flags) is sealed, its id kept plain to find it at sign-in.
-- Ceremonies keep a challenge between its two steps, found by the hash of
-- a token only the browser that began it holds, used once.
CREATE TABLE portal_passkey_users (
	rp_id TEXT NOT NULL,
	account_id INTEGER NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	handle BLOB NOT NULL,
	PRIMARY KEY (rp_id, account_id),
	UNIQUE (rp_id, handle)
) STRICT;

CREATE TABLE portal_passkeys (
	id INTEGER PRIMARY KEY NOT NULL,
	account_id INTEGER NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	rp_id TEXT NOT NULL,
	credential_id BLOB NOT NULL,
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL,
	last_used_at TEXT,
	UNIQUE (rp_id, credential_id)
) STRICT;
CREATE INDEX portal_passkeys_account ON portal_passkeys (account_id);

CREATE TABLE portal_ceremonies (
	token_hash TEXT PRIMARY KEY NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('register', 'sign_in')),
	session_id INTEGER REFERENCES portal_sessions (id) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX portal_ceremonies_expires ON portal_ceremonies (expires_at);
