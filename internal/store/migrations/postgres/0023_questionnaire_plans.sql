-- Questionnaires over a procedure's course: a plan per appointment, made
-- when the patient's consent is recorded, and an invitation per time
-- point (baseline, 6 weeks, 3 months, 12 months), each sent at most once
-- and reminded at most once. The patient key is random and opaque: it
-- names the person in the outcome figures, never anything else.
CREATE TABLE questionnaire_plans (
	appointment_id bigint PRIMARY KEY REFERENCES appointments (id) ON DELETE CASCADE,
	treatment text NOT NULL,
	patient_key text NOT NULL,
	consent_at timestamptz NOT NULL,
	opted_out_at timestamptz,
	created_at timestamptz NOT NULL
);

CREATE TABLE questionnaire_invites (
	appointment_id bigint NOT NULL REFERENCES questionnaire_plans (appointment_id) ON DELETE CASCADE,
	time_point integer NOT NULL CHECK (time_point BETWEEN 0 AND 3),
	sent_at timestamptz,
	reminded_at timestamptz,
	answered_at timestamptz,
	PRIMARY KEY (appointment_id, time_point)
);
