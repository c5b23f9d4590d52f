-- The waitlist: patients who asked to hear of an earlier time with a
-- clinician. The patient's details are sealed. A cancellation offers the
-- freed time to the first who waits for it, as a hold: an appointment
-- that is theirs if they confirm by held_until, and is cancelled if not.
CREATE TABLE waitlist (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	provider_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug text NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	type_slug text NOT NULL REFERENCES appointment_types (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	before_at timestamptz NOT NULL,
	sealed bytea NOT NULL,
	status text NOT NULL CHECK (status IN ('waiting', 'offered', 'booked', 'withdrawn')),
	appointment_id bigint REFERENCES appointments (id) ON DELETE SET NULL,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX waitlist_waiting ON waitlist (provider_slug, created_at) WHERE status = 'waiting';

ALTER TABLE appointments ADD COLUMN held_until timestamptz;
CREATE INDEX appointments_held ON appointments (held_until) WHERE held_until IS NOT NULL;
