-- Pre-visit forms sent through the portal: the answers sealed; photos of
-- insurance cards in the blob store, their names and hashes kept here so
-- that verifying the store finds them recorded.
CREATE TABLE previsit_forms (
	id INTEGER PRIMARY KEY NOT NULL,
	patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	account_id INTEGER REFERENCES portal_accounts (id) ON DELETE SET NULL,
	kind TEXT NOT NULL CHECK (kind IN ('contact', 'insurance', 'medications', 'allergies', 'consent')),
	sealed BLOB NOT NULL,
	status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'accepted')),
	created_at TEXT NOT NULL,
	reviewed_at TEXT,
	reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT;
CREATE INDEX previsit_forms_patient ON previsit_forms (patient_id, id);
CREATE INDEX previsit_forms_new ON previsit_forms (created_at) WHERE status = 'new';

CREATE TABLE previsit_files (
	blob TEXT PRIMARY KEY NOT NULL,
	form_id INTEGER NOT NULL REFERENCES previsit_forms (id) ON DELETE CASCADE,
	blob_sha256 TEXT NOT NULL
) STRICT;
CREATE INDEX previsit_files_form ON previsit_files (form_id);
