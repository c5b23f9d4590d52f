-- The front desk's overview lists the messages that failed: those given
-- up after trying and those waiting to be tried again. Few rows ever
-- match, so the index stays small however long the outbox grows.
CREATE INDEX outbox_failing ON outbox (failed_at) WHERE attempts > 0 AND sent_at IS NULL;
