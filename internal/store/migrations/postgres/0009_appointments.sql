-- Appointments. The patient's details are sealed. blocks_until is the end
-- plus the buffer kept free after it: an exclusion constraint makes the
-- database refuse two active appointments of one provider that share any
-- of [starts_at, blocks_until), however many instances book at once.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE appointments (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	type_slug text NOT NULL,
	provider_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	location_slug text NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	starts_at timestamptz NOT NULL,
	ends_at timestamptz NOT NULL,
	blocks_until timestamptz NOT NULL,
	status text NOT NULL CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')),
	sequence integer NOT NULL DEFAULT 0,
	idempotency_key text UNIQUE,
	sealed bytea NOT NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (starts_at < ends_at AND ends_at <= blocks_until),
	CONSTRAINT appointments_no_overlap EXCLUDE USING gist (
		provider_slug WITH =, tstzrange(starts_at, blocks_until, '[)') WITH &&
	) WHERE (status NOT IN ('cancelled', 'no_show'))
);
CREATE INDEX appointments_provider ON appointments (provider_slug, starts_at);
