-- The site's content. Slugs are the primary keys, so the database keeps
-- them unique and references name them. Times are UTC text in RFC 3339
-- with a fixed six-digit fraction, which sorts as it should.

CREATE TABLE settings (
	id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
	clinic_name TEXT NOT NULL DEFAULT '',
	tagline TEXT NOT NULL DEFAULT '',
	description TEXT NOT NULL DEFAULT '',
	phone TEXT NOT NULL DEFAULT '',
	email TEXT NOT NULL DEFAULT '',
	time_zone TEXT NOT NULL DEFAULT '',
	cta_schedule TEXT NOT NULL DEFAULT '',
	cta_mri_review TEXT NOT NULL DEFAULT '',
	cta_diagnose TEXT NOT NULL DEFAULT '',
	cta_portal TEXT NOT NULL DEFAULT ''
) STRICT;
INSERT INTO settings (id) VALUES (1);

CREATE TABLE pages (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_at TEXT
) STRICT;

CREATE TABLE treatments (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title TEXT NOT NULL,
	parent_slug TEXT REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	kind TEXT NOT NULL CHECK (kind IN ('', 'procedure', 'therapy')),
	sort_order INTEGER NOT NULL,
	description TEXT NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_at TEXT,
	CHECK (parent_slug <> slug)
) STRICT;
CREATE INDEX treatments_parent ON treatments (parent_slug, sort_order);

CREATE TABLE treatment_related (
	treatment_slug TEXT NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	related_slug TEXT NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (treatment_slug, related_slug),
	CHECK (related_slug <> treatment_slug)
) STRICT;
CREATE INDEX treatment_related_related ON treatment_related (related_slug);

CREATE TABLE locations (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	city TEXT NOT NULL,
	name TEXT NOT NULL,
	street TEXT NOT NULL,
	region TEXT NOT NULL,
	postal_code TEXT NOT NULL,
	phone TEXT NOT NULL,
	latitude REAL NOT NULL,
	longitude REAL NOT NULL,
	sort_order INTEGER NOT NULL,
	description TEXT NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_at TEXT
) STRICT;

-- Opening hours are rows rather than a JSON text: the same shape in both
-- databases, no JSON functions that differ between them, and the
-- database checks each time.
CREATE TABLE location_hours (
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	days TEXT NOT NULL CHECK (days <> ''),
	opens TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
	closes TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]'),
	PRIMARY KEY (location_slug, position)
) STRICT;

CREATE TABLE doctors (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name TEXT NOT NULL,
	credentials TEXT NOT NULL,
	role TEXT NOT NULL,
	sort_order INTEGER NOT NULL,
	description TEXT NOT NULL,
	summary TEXT NOT NULL,
	body TEXT NOT NULL,
	updated_at TEXT
) STRICT;

CREATE TABLE doctor_specialties (
	doctor_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	PRIMARY KEY (doctor_slug, position)
) STRICT;

CREATE TABLE doctor_locations (
	doctor_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug TEXT NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (doctor_slug, location_slug)
) STRICT;
CREATE INDEX doctor_locations_location ON doctor_locations (location_slug);

CREATE TABLE doctor_treatments (
	doctor_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	treatment_slug TEXT NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (doctor_slug, treatment_slug)
) STRICT;
CREATE INDEX doctor_treatments_treatment ON doctor_treatments (treatment_slug);

CREATE TABLE categories (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name TEXT NOT NULL,
	description TEXT NOT NULL
) STRICT;

CREATE TABLE tags (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name TEXT NOT NULL
) STRICT;

CREATE TABLE posts (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title TEXT NOT NULL,
	description TEXT NOT NULL,
	author_slug TEXT NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	category_slug TEXT NOT NULL REFERENCES categories (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	status TEXT NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	published_at TEXT,
	updated_at TEXT,
	body TEXT NOT NULL
) STRICT;
CREATE INDEX posts_published ON posts (published_at, slug);
CREATE INDEX posts_author ON posts (author_slug, published_at);
CREATE INDEX posts_category ON posts (category_slug, published_at);

CREATE TABLE post_tags (
	post_slug TEXT NOT NULL REFERENCES posts (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	tag_slug TEXT NOT NULL REFERENCES tags (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position INTEGER NOT NULL,
	PRIMARY KEY (post_slug, tag_slug)
) STRICT;
CREATE INDEX post_tags_tag ON post_tags (tag_slug, post_slug);

CREATE TABLE video_faqs (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	question TEXT NOT NULL,
	video_url TEXT NOT NULL,
	duration_ns INTEGER NOT NULL,
	uploaded_at TEXT,
	sort_order INTEGER NOT NULL,
	answer TEXT NOT NULL
) STRICT;

CREATE TABLE publications (
	slug TEXT PRIMARY KEY NOT NULL CHECK (slug <> ''),
	kind TEXT NOT NULL CHECK (kind IN ('award', 'publication', 'presentation')),
	title TEXT NOT NULL,
	authors TEXT NOT NULL,
	venue TEXT NOT NULL,
	year INTEGER NOT NULL,
	url TEXT NOT NULL,
	summary TEXT NOT NULL
) STRICT;

CREATE TABLE redirects (
	from_path TEXT PRIMARY KEY NOT NULL CHECK (from_path LIKE '/%'),
	to_path TEXT NOT NULL CHECK (to_path <> '')
) STRICT;

CREATE TABLE content_version (
	id INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
	version INTEGER NOT NULL
) STRICT;
INSERT INTO content_version (id, version) VALUES (1, 0);

-- What site search finds. Drafts are not indexed; published_at is NULL for
-- what is always visible and the publication time of a post otherwise.
-- fts_kind is the kind as one word that no search query holds ("kindpost"),
-- so that the index can pick posts or the rest without matching queries.
CREATE TABLE search_docs (
	id INTEGER PRIMARY KEY NOT NULL,
	kind TEXT NOT NULL CHECK (kind IN ('post', 'page', 'treatment', 'doctor')),
	slug TEXT NOT NULL,
	title TEXT NOT NULL,
	body_text TEXT NOT NULL,
	published_at TEXT,
	fts_kind TEXT NOT NULL GENERATED ALWAYS AS ('kind' || kind) VIRTUAL,
	UNIQUE (kind, slug)
) STRICT;

-- An external-content FTS5 index over search_docs, kept in step by
-- triggers, ranked by bm25 with the title weighing ten times the body and
-- fts_kind nothing.
CREATE VIRTUAL TABLE search_fts USING fts5 (
	title, body_text, fts_kind,
	content = 'search_docs', content_rowid = 'id',
	tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts, rank) VALUES ('rank', 'bm25(10.0, 1.0, 0.0)');

CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
	INSERT INTO search_fts (rowid, title, body_text, fts_kind) VALUES (new.id, new.title, new.body_text, new.fts_kind);
END;
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, body_text, fts_kind)
	VALUES ('delete', old.id, old.title, old.body_text, old.fts_kind);
END;
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
	INSERT INTO search_fts (search_fts, rowid, title, body_text, fts_kind)
	VALUES ('delete', old.id, old.title, old.body_text, old.fts_kind);
	INSERT INTO search_fts (rowid, title, body_text, fts_kind) VALUES (new.id, new.title, new.body_text, new.fts_kind);
END;
