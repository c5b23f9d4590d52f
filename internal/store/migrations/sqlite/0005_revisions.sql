-- Every save of a content item by an editor keeps a revision: the whole
-- item as JSON, who saved it and when.
CREATE TABLE revisions (
	id INTEGER PRIMARY KEY NOT NULL,
	kind TEXT NOT NULL,
	slug TEXT NOT NULL,
	author_id INTEGER NOT NULL REFERENCES users (id),
	created_at TEXT NOT NULL,
	data TEXT NOT NULL
) STRICT;
CREATE INDEX revisions_item ON revisions (kind, slug, id);
