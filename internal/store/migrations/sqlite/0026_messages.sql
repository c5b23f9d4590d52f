-- Secure messages between a patient and the care team. The subject and
-- every message are sealed; what a mail says is only that there is one.
CREATE TABLE message_threads (
	id INTEGER PRIMARY KEY NOT NULL,
	patient_id INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
	assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL,
	closed INTEGER NOT NULL DEFAULT 0 CHECK (closed IN (0, 1)),
	from_patient INTEGER NOT NULL DEFAULT 1 CHECK (from_patient IN (0, 1)),
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX message_threads_patient ON message_threads (patient_id, updated_at);
CREATE INDEX message_threads_open ON message_threads (urgent, updated_at) WHERE closed = 0;

CREATE TABLE thread_messages (
	id INTEGER PRIMARY KEY NOT NULL,
	thread_id INTEGER NOT NULL REFERENCES message_threads (id) ON DELETE CASCADE,
	from_patient INTEGER NOT NULL CHECK (from_patient IN (0, 1)),
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	sealed BLOB NOT NULL,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX thread_messages_thread ON thread_messages (thread_id, id);
