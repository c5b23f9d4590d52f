-- Messages from the contact form. Everything a person typed is in sealed,
-- encrypted under the key in the data folder; the client address is kept
-- only as a keyed hash, for the flood limit.
CREATE TABLE contact_messages (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	client_hash text NOT NULL,
	sealed bytea NOT NULL,
	status text NOT NULL CHECK (status IN ('new', 'in_progress', 'done')),
	created_at timestamptz NOT NULL
);
CREATE INDEX contact_messages_client ON contact_messages (client_hash, created_at);
CREATE INDEX contact_messages_created ON contact_messages (created_at);

-- Emails to send. They never carry protected health information.
CREATE TABLE outbox (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind text NOT NULL,
	to_addr text NOT NULL,
	subject text NOT NULL,
	body text NOT NULL,
	created_at timestamptz NOT NULL,
	next_try_at timestamptz NOT NULL,
	attempts integer NOT NULL DEFAULT 0,
	sent_at timestamptz,
	last_error text NOT NULL DEFAULT ''
);
CREATE INDEX outbox_pending ON outbox (next_try_at, id) WHERE sent_at IS NULL;
