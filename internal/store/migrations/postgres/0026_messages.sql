-- Secure messages between a patient and the care team. The subject and
-- every message are sealed; what a mail says is only that there is one.
CREATE TABLE message_threads (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	patient_id bigint NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	sealed bytea NOT NULL,
	urgent integer NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	assigned_to bigint REFERENCES users (id) ON DELETE SET NULL,
	closed integer NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
	from_patient integer NOT NULL DEFAULT 1 CHECK (from_patient IN (0, 1)),
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX message_threads_patient ON message_threads (patient_id, updated_at);
CREATE INDEX message_threads_open ON message_threads (urgent, updated_at) WHERE closed = 0;

CREATE TABLE thread_messages (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	thread_id bigint NOT NULL REFERENCES message_threads (id) ON DELETE CASCADE,
	from_patient integer NOT NULL CHECK (from_patient IN (0, 1)),
	author_id bigint REFERENCES users (id) ON DELETE SET NULL,
	sealed bytea NOT NULL,
	created_at timestamptz NOT NULL
);
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, id);
