-- A two-step secret offered to the user and not confirmed yet, kept
-- sealed on the session that asked for it rather than in the form.
ALTER TABLE sessions ADD COLUMN pending_totp bytea;
