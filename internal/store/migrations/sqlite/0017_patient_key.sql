-- patient_hash is a keyed hash of a patient's email and date of birth
-- (the key is outside the database): it tells that two bookings or two
-- waitlist entries are the same person's without storing who they are.
-- NULL where no email was given, and on rows from before this change.
ALTER TABLE appointments ADD COLUMN patient_hash TEXT;
CREATE INDEX appointments_patient ON appointments (patient_hash, starts_at) WHERE patient_hash IS NOT NULL;

-- A waitlist entry may wait for the first available clinician of an
-- office (provider_slug NULL), and a patient is on the list once per
-- clinician (or first available) and office. SQLite cannot drop a NOT
-- NULL, so the table is made again.
CREATE TABLE waitlist_new (
	id INTEGER PRIMARY KEY NOT NULL,
	provider_slug TEXT REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	type_slug TEXT NOT NULL REFERENCES appointment_types (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	before_at TEXT NOT NULL,
	sealed BLOB NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'withdrawn')),
	appointment_id INTEGER REFERENCES appointments (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL,
	patient_hash TEXT
) STRICT;
INSERT INTO waitlist_new (id, provider_slug, location_slug, type_slug, before_at, sealed, status, appointment_id, created_at, updated_at)
	SELECT id, provider_slug, location_slug, type_slug, before_at, sealed, status, appointment_id, created_at, updated_at FROM waitlist;
DROP TABLE waitlist;
ALTER TABLE waitlist_new RENAME TO waitlist;
CREATE INDEX waitlist_waiting ON waitlist (location_slug, created_at) WHERE status = 'waiting';
CREATE UNIQUE INDEX waitlist_once ON waitlist (patient_hash, location_slug, coalesce(provider_slug, ''))
	WHERE patient_hash IS NOT NULL AND status IN ('waiting', 'offered');

-- A message about a waitlist entry (that the patient joined, with a link
-- to leave) names the entry; its text is written when it is sent.
ALTER TABLE outbox ADD COLUMN waitlist_id INTEGER REFERENCES waitlist (id) ON DELETE SET NULL;
