-- The media library: images for pages and posts, each stored re-encoded
-- without metadata and in several widths. Public content, not PHI, kept
-- in the database so that every instance serves the same files.
CREATE TABLE media (
	id INTEGER PRIMARY KEY NOT NULL,
	hash TEXT NOT NULL UNIQUE,
	alt TEXT NOT NULL,
	width INTEGER NOT NULL,
	height INTEGER NOT NULL,
	ext TEXT NOT NULL CHECK (ext IN ('jpg', 'png')),
	author_id INTEGER REFERENCES users (id),
	created_at TEXT NOT NULL
) STRICT;

CREATE TABLE media_files (
	name TEXT PRIMARY KEY NOT NULL,
	media_id INTEGER NOT NULL REFERENCES media (id) ON DELETE CASCADE,
	width INTEGER NOT NULL,
	content_type TEXT NOT NULL,
	data BLOB NOT NULL
) STRICT;
CREATE INDEX media_files_media ON media_files (media_id, width);
