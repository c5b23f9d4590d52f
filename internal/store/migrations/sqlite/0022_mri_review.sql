-- Free MRI review. What a patient writes is sealed; what they upload is
-- in the encrypted blob store, named here by blob name and SHA-256; UIDs
-- and the patient named by the images are sealed, found by keyed hashes.
CREATE TABLE review_requests (
	id INTEGER PRIMARY KEY NOT NULL,
	sealed BLOB NOT NULL,
	client_hash TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('uploading', 'new', 'assigned', 'in_review', 'answered', 'closed')),
	assigned_to INTEGER REFERENCES users (id) ON DELETE SET NULL,
	created_at TEXT NOT NULL,
	submitted_at TEXT,
	answered_at TEXT,
	closed_at TEXT,
	images_deleted_at TEXT,
	CHECK ((status = 'uploading') = (submitted_at IS NULL)),
	CHECK (status <> 'closed' OR closed_at IS NOT NULL)
) STRICT;
CREATE INDEX review_requests_status ON review_requests (status, submitted_at);
CREATE INDEX review_requests_client ON review_requests (client_hash, created_at);
CREATE INDEX review_requests_closed ON review_requests (closed_at) WHERE images_deleted_at IS NULL;

-- Uploads over tus: one per file, stored as parts, each part a blob.
CREATE TABLE review_uploads (
	id TEXT PRIMARY KEY NOT NULL,
	request_id INTEGER NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	size INTEGER NOT NULL CHECK (size >= 0),
	stored INTEGER NOT NULL DEFAULT 0,
	sealed BLOB NOT NULL,
	hash_state BLOB,
	sha256 TEXT NOT NULL DEFAULT '',
	created_at TEXT NOT NULL,
	completed_at TEXT,
	ingest_until TEXT,
	ingested_at TEXT,
	CHECK (stored BETWEEN 0 AND size),
	CHECK ((stored = size) = (completed_at IS NOT NULL))
) STRICT;
CREATE INDEX review_uploads_request ON review_uploads (request_id);
CREATE INDEX review_uploads_pending ON review_uploads (completed_at) WHERE ingested_at IS NULL AND completed_at IS NOT NULL;

CREATE TABLE review_upload_parts (
	upload_id TEXT NOT NULL REFERENCES review_uploads (id) ON DELETE CASCADE,
	start_at INTEGER NOT NULL CHECK (start_at >= 0),
	size INTEGER NOT NULL CHECK (size > 0),
	blob TEXT NOT NULL,
	blob_sha256 TEXT NOT NULL,
	PRIMARY KEY (upload_id, start_at)
) STRICT;

-- What was read from an upload: each file or ZIP entry, used or not and
-- why; reports keep a blob of their own.
CREATE TABLE review_items (
	id INTEGER PRIMARY KEY NOT NULL,
	request_id INTEGER NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	upload_id TEXT REFERENCES review_uploads (id) ON DELETE SET NULL,
	sealed BLOB NOT NULL,
	kind TEXT NOT NULL,
	problem TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT '',
	size INTEGER NOT NULL DEFAULT 0,
	blob TEXT,
	blob_sha256 TEXT,
	created_at TEXT NOT NULL
) STRICT;
CREATE INDEX review_items_request ON review_items (request_id, id);

CREATE TABLE review_studies (
	id INTEGER PRIMARY KEY NOT NULL,
	request_id INTEGER NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	uid_key TEXT NOT NULL,
	sealed BLOB NOT NULL,
	study_date TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	UNIQUE (request_id, uid_key)
) STRICT;

CREATE TABLE review_series (
	id INTEGER PRIMARY KEY NOT NULL,
	study_id INTEGER NOT NULL REFERENCES review_studies (id) ON DELETE CASCADE,
	uid_key TEXT NOT NULL,
	sealed BLOB NOT NULL,
	number INTEGER NOT NULL DEFAULT 0,
	description TEXT NOT NULL DEFAULT '',
	modality TEXT NOT NULL DEFAULT '',
	body_part TEXT NOT NULL DEFAULT '',
	images INTEGER NOT NULL DEFAULT 0,
	objects INTEGER NOT NULL DEFAULT 0,
	thumb_instance INTEGER,
	thumb_blob TEXT,
	thumb_sha256 TEXT,
	UNIQUE (study_id, uid_key)
) STRICT;

CREATE TABLE review_instances (
	id INTEGER PRIMARY KEY NOT NULL,
	series_id INTEGER NOT NULL REFERENCES review_series (id) ON DELETE CASCADE,
	request_id INTEGER NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	uid_key TEXT NOT NULL,
	sealed BLOB NOT NULL,
	number INTEGER NOT NULL DEFAULT 0,
	has_pixels INTEGER NOT NULL CHECK (has_pixels IN (0, 1)),
	frames INTEGER NOT NULL DEFAULT 1,
	rows_n INTEGER NOT NULL DEFAULT 0,
	columns_n INTEGER NOT NULL DEFAULT 0,
	transfer_syntax TEXT NOT NULL DEFAULT '',
	no_preview TEXT NOT NULL DEFAULT '',
	geometry TEXT NOT NULL DEFAULT '{}',
	blob TEXT NOT NULL,
	blob_sha256 TEXT NOT NULL,
	size INTEGER NOT NULL,
	UNIQUE (request_id, uid_key)
) STRICT;
CREATE INDEX review_instances_series ON review_instances (series_id, number, id);

CREATE TABLE review_findings (
	request_id INTEGER PRIMARY KEY NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	sealed BLOB NOT NULL,
	author_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
	updated_at TEXT NOT NULL,
	sent_at TEXT
) STRICT;

-- Jobs that run once across instances (the retention sweep of a day).
CREATE TABLE review_jobs (
	job_key TEXT PRIMARY KEY NOT NULL,
	lease_until TEXT NOT NULL,
	started_at TEXT NOT NULL
) STRICT;

ALTER TABLE outbox ADD COLUMN review_id INTEGER REFERENCES review_requests (id) ON DELETE SET NULL;
