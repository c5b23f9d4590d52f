-- Answers to "Diagnose my pain", kept only because the person asked us
-- to: with an appointment booked from the result, or with a request to be
-- called back (a contact message). They are health information: sealed.
CREATE TABLE triage_results (
	id INTEGER PRIMARY KEY NOT NULL,
	appointment_id INTEGER REFERENCES appointments (id) ON DELETE CASCADE,
	message_id INTEGER REFERENCES contact_messages (id) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL,
	CHECK ((appointment_id IS NULL) <> (message_id IS NULL))
) STRICT;
CREATE UNIQUE INDEX triage_results_appointment ON triage_results (appointment_id);
CREATE UNIQUE INDEX triage_results_message ON triage_results (message_id);

-- Questionnaire responses over a course of treatment. The items and the
-- score are sealed; the patient is an opaque key; synthetic rows are the
-- demo's generated cohort.
CREATE TABLE questionnaire_responses (
	id INTEGER PRIMARY KEY NOT NULL,
	patient_key TEXT NOT NULL,
	treatment TEXT NOT NULL,
	appointment_id INTEGER REFERENCES appointments (id) ON DELETE SET NULL,
	instrument TEXT NOT NULL,
	time_point INTEGER NOT NULL CHECK (time_point BETWEEN 0 AND 3),
	sealed BLOB NOT NULL,
	synthetic INTEGER NOT NULL DEFAULT 0 CHECK (synthetic IN (0, 1)),
	answered_at TEXT NOT NULL,
	UNIQUE (patient_key, treatment, instrument, time_point)
) STRICT;
CREATE INDEX questionnaire_responses_appointment ON questionnaire_responses (appointment_id);

-- Runs of the outcome figures: one row per run (a night, an admin's
-- request), taken by one instance under a lease and finished once.
CREATE TABLE outcome_runs (
	run_key TEXT PRIMARY KEY NOT NULL,
	token TEXT NOT NULL,
	lease_until TEXT NOT NULL,
	started_at TEXT NOT NULL,
	finished_at TEXT
) STRICT;

-- The figures last computed: aggregates, published or withheld, and no
-- patient's data.
CREATE TABLE outcome_reports (
	id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
	report TEXT NOT NULL,
	run_key TEXT NOT NULL,
	computed_at TEXT NOT NULL
) STRICT;
