-- Why an appointment was cancelled is often health information ("admitted
-- to hospital"): it is kept sealed, like the patient's details.
ALTER TABLE appointments ADD COLUMN cancel_sealed BLOB;
