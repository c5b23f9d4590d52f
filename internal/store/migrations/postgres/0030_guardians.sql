-- A parent or guardian's access to another patient's portal, given by
-- staff until an expiry; whose portal a session shows; requests to
-- correct a record among the messages.
CREATE TABLE portal_guardians (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	account_id bigint NOT NULL REFERENCES portal_accounts (id) ON DELETE CASCADE,
	patient_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	full_access integer NOT NULL CHECK (full_access IN (0, 1)),
	expires_at timestamptz NOT NULL,
	created_by bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at timestamptz NOT NULL,
	revoked_at timestamptz
);
CREATE INDEX portal_guardians_account ON portal_guardians (account_id);
CREATE INDEX portal_guardians_patient ON portal_guardians (patient_id);

ALTER TABLE portal_sessions ADD COLUMN acting_for bigint REFERENCES patients (id) ON DELETE SET NULL;
ALTER TABLE message_threads ADD COLUMN correction integer NOT NULL DEFAULT 0 CHECK (correction IN (0, 1));
