-- A parent or guardian's access to another patient's portal, given by
-- staff until an expiry; whose portal a session shows; requests to
-- correct a record among the messages.
CREATE TABLE portal_guardians (
	id INTEGER PRIMARY KEY NOT NULL,
	account_id INTEGER NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	full_access INTEGER NOT NULL CHECK (full_access IN (0, 1)),
	expires_at TEXT NOT NULL,
	created_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	revoked_at TEXT
) STRICT;
CREATE INDEX portal_guardians_account ON portal_guardians (account_id);
CREATE INDEX portal_guardians_patient ON portal_guardians (patient_id);

ALTER TABLE portal_sessions ADD COLUMN acting_for INTEGER REFERENCES patients (id) ON DELETE SET NULL;
ALTER TABLE message_threads ADD COLUMN correction INTEGER NOT NULL DEFAULT 0 CHECK (correction IN (0, 1));
