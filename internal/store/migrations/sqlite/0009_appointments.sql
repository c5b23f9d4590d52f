-- Appointments. The patient's details are sealed. blocks_until is the end
-- plus the buffer kept free after it: two active appointments of one
-- provider may not share any of [starts_at, blocks_until). The triggers
-- below make the database refuse it, whatever the application does;
-- every writing transaction holds SQLite's write lock from its start, so
-- the check and the insert cannot interleave with another booking.
CREATE TABLE appointments (
	id INTEGER PRIMARY KEY NOT NULL,
	type_slug TEXT NOT NULL,
	provider_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	starts_at TEXT NOT NULL,
	ends_at TEXT NOT NULL,
	blocks_until TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('booked', 'confirmed', 'arrived', 'completed', 'cancelled', 'no_show')),
	sequence INTEGER NOT NULL DEFAULT 0,
	idempotency_key TEXT UNIQUE,
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	CHECK (starts_at < ends_at AND ends_at <= blocks_until)
) STRICT;
CREATE INDEX appointments_provider ON appointments (provider_slug, starts_at);

CREATE TRIGGER appointments_no_overlap_insert BEFORE INSERT ON appointments
WHEN NEW.status NOT IN ('cancelled', 'no_show') AND EXISTS (
	SELECT 1 FROM appointments a
	WHERE a.provider_slug = NEW.provider_slug AND a.status NOT IN ('cancelled', 'no_show')
		AND a.starts_at < NEW.blocks_until AND NEW.starts_at < a.blocks_until)
BEGIN SELECT RAISE(ABORT, 'appointments overlap'); END;

CREATE TRIGGER appointments_no_overlap_update BEFORE UPDATE OF provider_slug, starts_at, blocks_until, status ON appointments
WHEN NEW.status NOT IN ('cancelled', 'no_show') AND EXISTS (
	SELECT 1 FROM appointments a
	WHERE a.id <> NEW.id AND a.provider_slug = NEW.provider_slug AND a.status NOT IN ('cancelled', 'no_show')
		AND a.starts_at < NEW.blocks_until AND NEW.starts_at < a.blocks_until)
BEGIN SELECT RAISE(ABORT, 'appointments overlap'); END;
