-- Pre-visit forms sent through the portal: the answers sealed; photos of
-- insurance cards in the blob store, their names and hashes kept here so
-- that verifying the store finds them recorded.
CREATE TABLE previsit_forms (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patient_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	account_id bigint REFERENCES portal_accounts (id) ON DELETE SET NULL,
	kind text NOT NULL CHECK (kind IN ('contact', 'insurance', 'medications', 'allergies', 'consent')),
	sealed bytea NOT NULL,
	status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted')),
	created_at timestamptz NOT NULL,
	reviewed_at timestamptz,
	reviewed_by bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX previsit_forms_patient ON previsit_forms (patient_id, id);
CREATE INDEX previsit_forms_new ON previsit_forms (created_at) WHERE status = 'new';

CREATE TABLE previsit_files (
	blob text PRIMARY KEY NOT NULL,
	form_id bigint NOT NULL REFERENCES previsit_forms (id) ON DELETE CASCADE,
	blob_sha256 text NOT NULL
);
CREATE INDEX previsit_files_form ON previsit_files (form_id);
