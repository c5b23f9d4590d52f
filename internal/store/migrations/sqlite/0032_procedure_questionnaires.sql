-- A visit type may be a procedure: patients who book it online are offered
-- the outcome questionnaires of that treatment, with a box to tick. The
-- injection visit every clinic starts with is the interventional spinal
-- injections of the treatment tree; the box shows only where a treatment
-- of that name exists.
ALTER TABLE appointment_types ADD COLUMN treatment TEXT NOT NULL DEFAULT '';
UPDATE appointment_types SET treatment = 'interventional-spinal-injections' WHERE slug = 'injection';

-- The version of the wording a patient agreed to when they ticked that
-- box themselves; empty when staff recorded consent given to them.
ALTER TABLE questionnaire_plans ADD COLUMN consent_version TEXT NOT NULL DEFAULT '';
