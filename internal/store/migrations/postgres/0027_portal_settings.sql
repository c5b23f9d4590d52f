-- What the patient portal offers, each switched on or off by an admin.
CREATE TABLE portal_settings (
	id integer PRIMARY KEY NOT NULL CHECK (id = 1),
	self_scheduling integer NOT NULL DEFAULT 1 CHECK (self_scheduling IN (0, 1)),
	messages integer NOT NULL DEFAULT 1 CHECK (messages IN (0, 1)),
	forms integer NOT NULL DEFAULT 1 CHECK (forms IN (0, 1))
);
INSERT INTO portal_settings (id) VALUES (1);
