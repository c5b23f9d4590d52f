-- Every save of a content item by an editor keeps a revision: the whole
-- item as JSON, who saved it and when.
CREATE TABLE revisions (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind text NOT NULL,
	slug text NOT NULL,
	author_id bigint NOT NULL REFERENCES users (id),
	created_at timestamptz NOT NULL,
	data text NOT NULL
);
CREATE INDEX revisions_item ON revisions (kind, slug, id);
