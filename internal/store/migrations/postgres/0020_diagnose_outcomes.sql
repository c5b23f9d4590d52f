-- Answers to "Diagnose my pain", kept only because the person asked us
-- to: with an appointment booked from the result, or with a request to be
-- called back (a contact message). They are health information: sealed.
CREATE TABLE triage_results (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	appointment_id bigint REFERENCES appointments (id) ON DELETE CASCADE,
	message_id bigint REFERENCES contact_messages (id) ON DELETE CASCADE,
	sealed bytea NOT NULL,
	created_at timestamptz NOT NULL,
	CHECK ((appointment_id IS NULL) <> (message_id IS NULL))
);
CREATE UNIQUE INDEX triage_results_appointment ON triage_results (appointment_id);
CREATE UNIQUE INDEX triage_results_message ON triage_results (message_id);

-- Questionnaire responses over a course of treatment. The items and the
-- score are sealed; the patient is an opaque key; synthetic rows are the
-- demo's generated cohort.
CREATE TABLE questionnaire_responses (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patient_key text NOT NULL,
	treatment text NOT NULL,
	appointment_id bigint REFERENCES appointments (id) ON DELETE SET NULL,
	instrument text NOT NULL,
	time_point integer NOT NULL CHECK (time_point BETWEEN 0 AND 3),
	sealed bytea NOT NULL,
	synthetic boolean NOT NULL DEFAULT false,
	answered_at timestamptz NOT NULL,
	UNIQUE (patient_key, treatment, instrument, time_point)
);
CREATE INDEX questionnaire_responses_appointment ON questionnaire_responses (appointment_id);

-- Runs of the outcome figures: one row per run (a night, an admin's
-- request), taken by one instance under a lease and finished once.
CREATE TABLE outcome_runs (
	run_key text PRIMARY KEY,
	token text NOT NULL,
	lease_until timestamptz NOT NULL,
	started_at timestamptz NOT NULL,
	finished_at timestamptz
);

-- The figures last computed: aggregates, published or withheld, and no
-- patient's data.
CREATE TABLE outcome_reports (
	id integer PRIMARY KEY CHECK (id = 1),
	report text NOT NULL,
	run_key text NOT NULL,
	computed_at timestamptz NOT NULL
);
