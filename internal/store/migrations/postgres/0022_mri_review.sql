-- Free MRI review. What a patient writes is sealed; what they upload is
-- in the encrypted blob store, named here by blob name and SHA-256; UIDs
-- and the patient named by the images are sealed, found by keyed hashes.
CREATE TABLE review_requests (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	sealed bytea NOT NULL,
	client_hash text NOT NULL,
	status text NOT NULL CHECK (status IN ('uploading', 'new', 'assigned', 'in_review', 'answered', 'closed')),
	assigned_to bigint REFERENCES users (id) ON DELETE SET NULL,
	created_at timestamptz NOT NULL,
	submitted_at timestamptz,
	answered_at timestamptz,
	closed_at timestamptz,
	images_deleted_at timestamptz,
	CHECK ((status = 'uploading') = (submitted_at IS NULL)),
	CHECK (status <> 'closed' OR closed_at IS NOT NULL)
);
CREATE INDEX review_requests_status ON review_requests (status, submitted_at);
CREATE INDEX review_requests_client ON review_requests (client_hash, created_at);
CREATE INDEX review_requests_closed ON review_requests (closed_at) WHERE images_deleted_at IS NULL;

-- Uploads over tus: one per file, stored as parts, each part a blob.
CREATE TABLE review_uploads (
	id text PRIMARY KEY NOT NULL,
	request_id bigint NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	size bigint NOT NULL CHECK (size >= 0),
	stored bigint NOT NULL DEFAULT 0,
	sealed bytea NOT NULL,
	hash_state bytea,
	sha256 text NOT NULL DEFAULT '',
	created_at timestamptz NOT NULL,
	completed_at timestamptz,
	ingest_until timestamptz,
	ingested_at timestamptz,
	CHECK (stored BETWEEN 0 AND size),
	CHECK ((stored = size) = (completed_at IS NOT NULL))
);
CREATE INDEX review_uploads_request ON review_uploads (request_id);
CREATE INDEX review_uploads_pending ON review_uploads (completed_at) WHERE ingested_at IS NULL AND completed_at IS NOT NULL;

CREATE TABLE review_upload_parts (
	upload_id text NOT NULL REFERENCES review_uploads (id) ON DELETE CASCADE,
	start_at bigint NOT NULL CHECK (start_at >= 0),
	size bigint NOT NULL CHECK (size > 0),
	blob text NOT NULL,
	blob_sha256 text NOT NULL,
	PRIMARY KEY (upload_id, start_at)
);

-- What was read from an upload: each file or ZIP entry, used or not and
-- why; reports keep a blob of their own.
CREATE TABLE review_items (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id bigint NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	upload_id text REFERENCES review_uploads (id) ON DELETE SET NULL,
	sealed bytea NOT NULL,
	kind text NOT NULL,
	problem text NOT NULL DEFAULT '',
	detail text NOT NULL DEFAULT '',
	size bigint NOT NULL DEFAULT 0,
	blob text,
	blob_sha256 text,
	created_at timestamptz NOT NULL
);
CREATE INDEX review_items_request ON review_items (request_id, id);

CREATE TABLE review_studies (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	request_id bigint NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	uid_key text NOT NULL,
	sealed bytea NOT NULL,
	study_date text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	UNIQUE (request_id, uid_key)
);

CREATE TABLE review_series (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	study_id bigint NOT NULL REFERENCES review_studies (id) ON DELETE CASCADE,
	uid_key text NOT NULL,
	sealed bytea NOT NULL,
	number bigint NOT NULL DEFAULT 0,
	description text NOT NULL DEFAULT '',
	modality text NOT NULL DEFAULT '',
	body_part text NOT NULL DEFAULT '',
	images bigint NOT NULL DEFAULT 0,
	objects bigint NOT NULL DEFAULT 0,
	thumb_instance bigint,
	thumb_blob text,
	thumb_sha256 text,
	UNIQUE (study_id, uid_key)
);

CREATE TABLE review_instances (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	series_id bigint NOT NULL REFERENCES review_series (id) ON DELETE CASCADE,
	request_id bigint NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	uid_key text NOT NULL,
	sealed bytea NOT NULL,
	number bigint NOT NULL DEFAULT 0,
	has_pixels boolean NOT NULL,
	frames bigint NOT NULL DEFAULT 1,
	rows_n bigint NOT NULL DEFAULT 0,
	columns_n bigint NOT NULL DEFAULT 0,
	transfer_syntax text NOT NULL DEFAULT '',
	no_preview text NOT NULL DEFAULT '',
	geometry text NOT NULL DEFAULT '{}',
	blob text NOT NULL,
	blob_sha256 text NOT NULL,
	size bigint NOT NULL,
	UNIQUE (request_id, uid_key)
);
CREATE INDEX review_instances_series ON review_instances (series_id, number, id);

CREATE TABLE review_findings (
	request_id bigint PRIMARY KEY NOT NULL REFERENCES review_requests (id) ON DELETE CASCADE,
	sealed bytea NOT NULL,
	author_id bigint REFERENCES users (id) ON DELETE SET NULL,
	updated_at timestamptz NOT NULL,
	sent_at timestamptz
);

-- Jobs that run once across instances (the retention sweep of a day).
CREATE TABLE review_jobs (
	job_key text PRIMARY KEY NOT NULL,
	lease_until timestamptz NOT NULL,
	started_at timestamptz NOT NULL
);

ALTER TABLE outbox ADD COLUMN review_id bigint REFERENCES review_requests (id) ON DELETE SET NULL;
