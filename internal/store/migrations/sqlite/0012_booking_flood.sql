-- A keyed hash of the address an online booking came from, so that one
-- address cannot fill a clinician's calendar; the address itself is not
-- stored. Staff bookings and waitlist holds have none.
ALTER TABLE appointments ADD COLUMN client_hash TEXT;
CREATE INDEX appointments_client ON appointments (client_hash, created_at) WHERE client_hash IS NOT NULL;
