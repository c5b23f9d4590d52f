-- A message that carries a one-time link (a password reset or an
-- invitation) keeps its text sealed until it is sent, and loses it then:
-- no usable link rests in the database or a backup of it.
ALTER TABLE outbox ADD COLUMN body_sealed bytea;
