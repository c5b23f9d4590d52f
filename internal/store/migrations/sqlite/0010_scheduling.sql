-- What a patient can book, when each provider sees patients, and the
-- outbox as the worker drains it.

-- Appointment types: each with its own length and the time kept free
-- after it. Every clinic starts with these five; staff edit them.
CREATE TABLE appointment_types (
	slug TEXT PRIMARY KEY NOT NULL,
	name TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
	buffer_minutes INTEGER NOT NULL DEFAULT 0 CHECK (buffer_minutes BETWEEN 0 AND 240),
	virtual INTEGER NOT NULL DEFAULT 0 CHECK (virtual IN (0, 1)),
	position INTEGER NOT NULL DEFAULT 0,
	active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;
INSERT INTO appointment_types (slug, name, description, minutes, buffer_minutes, virtual, position) VALUES
	('new-consultation', 'New patient consultation', 'A first visit with a specialist: history, examination and a plan.', 45, 15, 0, 1),
	('follow-up', 'Follow-up visit', 'A visit for patients already under our care.', 20, 10, 0, 2),
	('mri-review-call', 'Free MRI review call', 'A phone or video call to go through the findings of a free MRI review.', 20, 5, 1, 3),
	('injection', 'Injection procedure', 'A planned spinal or joint injection.', 30, 15, 0, 4),
	('virtual-visit', 'Virtual visit', 'A video visit from home.', 30, 5, 1, 5);

-- Weekly availability of a provider at a location, in local wall-clock
-- minutes since midnight of the clinic's time zone.
CREATE TABLE availability (
	id INTEGER PRIMARY KEY NOT NULL,
	provider_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
	start_minute INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
	end_minute INTEGER NOT NULL CHECK (end_minute BETWEEN 1 AND 1440),
	CHECK (start_minute < end_minute)
) STRICT;
CREATE INDEX availability_provider ON availability (provider_slug, weekday);

-- Time off and extra hours on one local date. A closed exception with no
-- location applies everywhere; both minutes zero closes the whole day.
CREATE TABLE availability_exceptions (
	id INTEGER PRIMARY KEY NOT NULL,
	provider_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug TEXT REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	day TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
	start_minute INTEGER NOT NULL DEFAULT 0 CHECK (start_minute BETWEEN 0 AND 1440),
	end_minute INTEGER NOT NULL DEFAULT 0 CHECK (end_minute BETWEEN 0 AND 1440),
	kind TEXT NOT NULL CHECK (kind IN ('closed', 'open')),
	note TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX availability_exceptions_provider ON availability_exceptions (provider_slug, day);

-- Booking rules per provider: minimum notice, how far ahead, most
-- appointments a day (0: no cap).
CREATE TABLE booking_rules (
	provider_slug TEXT PRIMARY KEY NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	notice_minutes INTEGER NOT NULL CHECK (notice_minutes BETWEEN 0 AND 43200),
	horizon_days INTEGER NOT NULL CHECK (horizon_days BETWEEN 1 AND 365),
	daily_cap INTEGER NOT NULL DEFAULT 0 CHECK (daily_cap BETWEEN 0 AND 100)
) STRICT;

ALTER TABLE appointments ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';

-- Outgoing mail. A message about an appointment names it and is written
-- from it when sent, so the outbox holds no health data; claimed_until
-- holds a message for one worker, failed_at marks it given up.
ALTER TABLE outbox ADD COLUMN appointment_id INTEGER REFERENCES appointments (id) ON DELETE SET NULL;
ALTER TABLE outbox ADD COLUMN claimed_until TEXT;
ALTER TABLE outbox ADD COLUMN failed_at TEXT;
DROP INDEX outbox_pending;
CREATE INDEX outbox_pending ON outbox (next_try_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_appointment ON outbox (appointment_id) WHERE appointment_id IS NOT NULL;

-- SMTP settings, one row; the password is sealed.
CREATE TABLE mail_settings (
	id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
	host TEXT NOT NULL DEFAULT '',
	port INTEGER NOT NULL DEFAULT 587,
	username TEXT NOT NULL DEFAULT '',
	password BLOB,
	security TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'none')),
	from_addr TEXT NOT NULL DEFAULT '',
	updated_at TEXT
) STRICT;
INSERT INTO mail_settings (id) VALUES (1);
