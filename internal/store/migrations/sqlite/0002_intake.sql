-- Messages from the contact form. Everything a person typed is in sealed,
-- encrypted under the key in the data folder; the client address is kept
-- only as a keyed hash, for the flood limit.
CREATE TABLE contact_messages (
	id INTEGER PRIMARY KEY NOT NULL,
	client_hash TEXT NOT NULL,
	sealed BLOB NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX contact_messages_client ON contact_messages (client_hash, created_at);
CREATE INDEX contact_messages_created ON contact_messages (created_at);

-- Emails to send. They never carry protected health information.
CREATE TABLE outbox (
	id INTEGER PRIMARY KEY NOT NULL,
	kind TEXT NOT NULL,
	to_addr TEXT NOT NULL,
	subject TEXT NOT NULL,
	body TEXT NOT NULL,
	created_at TEXT NOT NULL,
	next_try_at TEXT NOT NULL,
	attempts INTEGER NOT NULL DEFAULT 0,
	sent_at TEXT,
	last_error TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX outbox_pending ON outbox (next_try_at, id) WHERE sent_at IS NULL;
