-- patient_hash is a keyed hash of a patient's email and date of birth
-- (the key is outside the database): it tells that two bookings or two
-- waitlist entries are the same person's without storing who they are.
-- NULL where no email was given, and on rows from before this change.
ALTER TABLE appointments ADD COLUMN patient_hash text;
CREATE INDEX appointments_patient ON appointments (patient_hash, starts_at) WHERE patient_hash IS NOT NULL;

-- A waitlist entry may wait for the first available clinician of an
-- office (provider_slug NULL), and a patient is on the list once per
-- clinician (or first available) and office.
ALTER TABLE waitlist ALTER COLUMN provider_slug DROP NOT NULL;
ALTER TABLE waitlist ADD COLUMN patient_hash text;
DROP INDEX waitlist_waiting;
CREATE INDEX waitlist_waiting ON waitlist (location_slug, created_at) WHERE status = 'waiting';
CREATE UNIQUE INDEX waitlist_once ON waitlist (patient_hash, location_slug, coalesce(provider_slug, ''))
	WHERE patient_hash IS NOT NULL AND status IN ('waiting', 'offered');

-- A message about a waitlist entry (that the patient joined, with a link
-- to leave) names the entry; its text is written when it is sent.
ALTER TABLE outbox ADD COLUMN waitlist_id bigint REFERENCES waitlist (id) ON DELETE SET NULL;
