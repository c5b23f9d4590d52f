-- Patients as records. Who a patient is (name, date of birth, phone,
-- email, address) is sealed; staff find a record through keyed hashes of
-- its normalised terms (patient_index), never the values. identity_hash
-- is the keyed hash of email and date of birth that appointments carry
-- as patient_hash. A record merged into another keeps pointing to it;
-- the merge is reversible until confirmed.
CREATE TABLE patients (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sealed bytea NOT NULL,
	identity_hash text,
	email_verified_at timestamptz,
	merged_into bigint REFERENCES patients (id) ON DELETE RESTRICT,
	merge_confirmed integer NOT NULL DEFAULT 0 CHECK (merge_confirmed IN (0, 1)),
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	CHECK (merged_into IS NULL OR merged_into <> id),
	CHECK (merge_confirmed = 0 OR merged_into IS NOT NULL)
);
CREATE INDEX patients_identity ON patients (identity_hash) WHERE identity_hash IS NOT NULL;
CREATE INDEX patients_merged ON patients (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE patient_index (
	term_hash text NOT NULL,
	patient_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	PRIMARY KEY (term_hash, patient_id)
);
CREATE INDEX patient_index_patient ON patient_index (patient_id);

-- Records that may be one person's, for staff to merge or keep apart.
CREATE TABLE patient_duplicates (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patient_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	other_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	reasons text NOT NULL,
	status text NOT NULL CHECK (status IN ('open', 'merged', 'apart', 'confirmed')),
	decided_by bigint REFERENCES users (id) ON DELETE SET NULL,
	decided_at timestamptz,
	created_at timestamptz NOT NULL,
	UNIQUE (patient_id, other_id),
	CHECK (patient_id <> other_id)
);
CREATE INDEX patient_duplicates_status ON patient_duplicates (status, created_at);
CREATE INDEX patient_duplicates_other ON patient_duplicates (other_id);

-- A provider's staff account and the doctor page that is theirs.
CREATE TABLE user_doctors (
	user_id bigint PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
	doctor_slug text NOT NULL UNIQUE REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE
);

ALTER TABLE appointments ADD COLUMN patient_id bigint REFERENCES patients (id) ON DELETE SET NULL;
CREATE INDEX appointments_patient_id ON appointments (patient_id, starts_at) WHERE patient_id IS NOT NULL;
ALTER TABLE review_requests ADD COLUMN patient_id bigint REFERENCES patients (id) ON DELETE SET NULL;
CREATE INDEX review_requests_patient_id ON review_requests (patient_id) WHERE patient_id IS NOT NULL;
ALTER TABLE questionnaire_responses ADD COLUMN patient_id bigint REFERENCES patients (id) ON DELETE SET NULL;
CREATE INDEX questionnaire_responses_patient_id ON questionnaire_responses (patient_id) WHERE patient_id IS NOT NULL;
ALTER TABLE triage_results ADD COLUMN patient_id bigint REFERENCES patients (id) ON DELETE SET NULL;
CREATE INDEX triage_results_patient_id ON triage_results (patient_id) WHERE patient_id IS NOT NULL;
ALTER TABLE contact_messages ADD COLUMN patient_id bigint REFERENCES patients (id) ON DELETE SET NULL;
CREATE INDEX contact_messages_patient_id ON contact_messages (patient_id) WHERE patient_id IS NOT NULL;
