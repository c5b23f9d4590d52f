-- A portal account's optional password works only with a code from an
-- authenticator app (portal_accounts.password_hash, totp_sealed). While a
-- patient sets it up, the secret offered to their session waits here,
-- sealed, until a code proves the app has it.
ALTER TABLE portal_sessions ADD COLUMN pending_totp bytea;
