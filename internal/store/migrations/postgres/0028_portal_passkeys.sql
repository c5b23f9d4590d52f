-- Passkeys of portal accounts. The user handle is random, one per
-- account and relying party; a credential's record (public key, sign
-- count, flags) is sealed, its id kept plain to find it at sign-in.
-- Ceremonies keep a challenge between its two steps, found by the hash of
-- a token only the browser that began it holds, used once.
CREATE TABLE portal_passkey_users (
	rp_id text NOT NULL,
	account_id bigint NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	handle bytea NOT NULL,
	PRIMARY KEY (rp_id, account_id),
	UNIQUE (rp_id, handle)
);

CREATE TABLE portal_passkeys (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id bigint NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	rp_id text NOT NULL,
	credential_id bytea NOT NULL,
	sealed bytea NOT NULL,
	created_at timestamptz NOT NULL,
	last_used_at timestamptz,
	UNIQUE (rp_id, credential_id)
);
CREATE INDEX portal_passkeys_account ON portal_passkeys (account_id);

CREATE TABLE portal_ceremonies (
	token_hash text PRIMARY KEY NOT NULL,
	kind text NOT NULL CHECK (kind IN ('register', 'sign_in')),
	session_id bigint REFERENCES portal_sessions (id) ON DELETE CASCADE,
	sealed bytea NOT NULL,
	expires_at timestamptz NOT NULL
);
CREATE INDEX portal_ceremonies_expires ON portal_ceremonies (expires_at);
