-- The waitlist: patients who asked to hear of an earlier time with a
-- clinician. The patient's details are sealed. A cancellation offers the
-- freed time to the first who waits for it, as a hold: an appointment
-- that is theirs if they confirm by held_until, and is cancelled if not.
CREATE TABLE waitlist (
	id INTEGER PRIMARY KEY NOT NULL,
	provider_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	type_slug TEXT NOT NULL REFERENCES appointment_types (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	before_at TEXT NOT NULL,
	sealed BLOB NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'withdrawn')),
	appointment_id INTEGER REFERENCES appointments (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX waitlist_waiting ON waitlist (provider_slug, created_at) WHERE status = 'waiting';

ALTER TABLE appointments ADD COLUMN held_until TEXT;
CREATE INDEX appointments_held ON appointments (held_until) WHERE held_until IS NOT NULL;
