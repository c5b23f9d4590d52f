-- Questionnaires over a procedure's course: a plan per appointment, made
-- when the patient's consent is recorded, and an invitation per time
-- point (baseline, 6 weeks, 3 months, 12 months), each sent at most once
-- and reminded at most once. The patient key is random and opaque: it
-- names the person in the outcome figures, never anything else.
CREATE TABLE questionnaire_plans (
	appointment_id INTEGER PRIMARY KEY NOT NULL REFERENCES appointments (id) ON DELETE CASCADE,
	treatment TEXT NOT NULL,
	patient_key TEXT NOT NULL,
	consent_at TEXT NOT NULL,
	opted_out_at TEXT,
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE questionnaire_invites (
	appointment_id INTEGER NOT NULL REFERENCES questionnaire_plans (appointment_id) ON DELETE CASCADE,
	time_point INTEGER NOT NULL CHECK (time_point BETWEEN 0 AND 3),
	sent_at TEXT,
	reminded_at TEXT,
	answered_at TEXT,
	PRIMARY KEY (appointment_id, time_point)
) STRICT;
