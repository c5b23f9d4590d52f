-- The media library: images for pages and posts, each stored re-encoded
-- without metadata and in several widths. Public content, not PHI, kept
-- in the database so that every instance serves the same files.
CREATE TABLE media (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	hash text NOT NULL UNIQUE,
	alt text NOT NULL,
	width integer NOT NULL,
	height integer NOT NULL,
	ext text NOT NULL CHECK (ext IN ('jpg', 'png')),
	author_id bigint REFERENCES users (id),
	created_at timestamptz NOT NULL
);

CREATE TABLE media_files (
	name text PRIMARY KEY NOT NULL,
	media_id bigint NOT NULL REFERENCES media (id) ON DELETE CASCADE,
	width integer NOT NULL,
	content_type text NOT NULL,
	data bytea NOT NULL
);
CREATE INDEX media_files_media ON media_files (media_id, width);
