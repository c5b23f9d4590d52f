-- A random name per appointment, kept across its changes, makes its
-- calendar UID unique beyond this database: a fresh or migrated database
-- numbers its appointments from 1 again, and a patient's calendar must
-- not take two unrelated visits for one.
ALTER TABLE appointments ADD COLUMN uid TEXT;
UPDATE appointments SET uid = lower(hex(randomblob(16)));
CREATE UNIQUE INDEX appointments_uid ON appointments (uid);
