-- The site's content. Slugs are the primary keys, so the database keeps
-- them unique and references name them. Times are timestamptz.

CREATE TABLE settings (
	id integer PRIMARY KEY NOT NULL CHECK (id = 1),
	clinic_name text NOT NULL DEFAULT '',
	tagline text NOT NULL DEFAULT '',
	description text NOT NULL DEFAULT '',
	phone text NOT NULL DEFAULT '',
	email text NOT NULL DEFAULT '',
	time_zone text NOT NULL DEFAULT '',
	cta_schedule text NOT NULL DEFAULT '',
	cta_mri_review text NOT NULL DEFAULT '',
	cta_diagnose text NOT NULL DEFAULT '',
	cta_portal text NOT NULL DEFAULT ''
);
INSERT INTO settings (id) VALUES (1);

CREATE TABLE pages (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title text NOT NULL,
	description text NOT NULL,
	body text NOT NULL,
	updated_at timestamptz
);

CREATE TABLE treatments (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title text NOT NULL,
	parent_slug text REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	kind text NOT NULL CHECK (kind IN ('', 'procedure', 'therapy')),
	sort_order integer NOT NULL,
	description text NOT NULL,
	summary text NOT NULL,
	body text NOT NULL,
	updated_at timestamptz,
	CHECK (parent_slug <> slug)
);
CREATE INDEX treatments_parent ON treatments (parent_slug, sort_order);

CREATE TABLE treatment_related (
	treatment_slug text NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	related_slug text NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	PRIMARY KEY (treatment_slug, related_slug),
	CHECK (related_slug <> treatment_slug)
);
CREATE INDEX treatment_related_related ON treatment_related (related_slug);

CREATE TABLE locations (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	city text NOT NULL,
	name text NOT NULL,
	street text NOT NULL,
	region text NOT NULL,
	postal_code text NOT NULL,
	phone text NOT NULL,
	latitude double precision NOT NULL,
	longitude double precision NOT NULL,
	sort_order integer NOT NULL,
	description text NOT NULL,
	summary text NOT NULL,
	body text NOT NULL,
	updated_at timestamptz
);

-- Opening hours are rows: see the SQLite migration for why.
CREATE TABLE location_hours (
	location_slug text NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	days text NOT NULL CHECK (days <> ''),
	opens text NOT NULL CHECK (opens ~ '^[0-2][0-9]:[0-5][0-9]$'),
	closes text NOT NULL CHECK (closes ~ '^[0-2][0-9]:[0-5][0-9]$'),
	PRIMARY KEY (location_slug, position)
);

CREATE TABLE doctors (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name text NOT NULL,
	credentials text NOT NULL,
	role text NOT NULL,
	sort_order integer NOT NULL,
	description text NOT NULL,
	summary text NOT NULL,
	body text NOT NULL,
	updated_at timestamptz
);

CREATE TABLE doctor_specialties (
	doctor_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	name text NOT NULL CHECK (name <> ''),
	PRIMARY KEY (doctor_slug, position)
);

CREATE TABLE doctor_locations (
	doctor_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	location_slug text NOT NULL REFERENCES locations (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	PRIMARY KEY (doctor_slug, location_slug)
);
CREATE INDEX doctor_locations_location ON doctor_locations (location_slug);

CREATE TABLE doctor_treatments (
	doctor_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	treatment_slug text NOT NULL REFERENCES treatments (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	PRIMARY KEY (doctor_slug, treatment_slug)
);
CREATE INDEX doctor_treatments_treatment ON doctor_treatments (treatment_slug);

CREATE TABLE categories (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name text NOT NULL,
	description text NOT NULL
);

CREATE TABLE tags (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	name text NOT NULL
);

CREATE TABLE posts (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	title text NOT NULL,
	description text NOT NULL,
	author_slug text NOT NULL REFERENCES doctors (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	category_slug text NOT NULL REFERENCES categories (slug) ON UPDATE CASCADE ON DELETE RESTRICT,
	status text NOT NULL CHECK (status IN ('draft', 'scheduled', 'published')),
	published_at timestamptz,
	updated_at timestamptz,
	body text NOT NULL
);
CREATE INDEX posts_published ON posts (published_at, slug);
CREATE INDEX posts_author ON posts (author_slug, published_at);
CREATE INDEX posts_category ON posts (category_slug, published_at);

CREATE TABLE post_tags (
	post_slug text NOT NULL REFERENCES posts (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	tag_slug text NOT NULL REFERENCES tags (slug) ON UPDATE CASCADE ON DELETE CASCADE,
	position integer NOT NULL,
	PRIMARY KEY (post_slug, tag_slug)
);
CREATE INDEX post_tags_tag ON post_tags (tag_slug, post_slug);

CREATE TABLE video_faqs (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	question text NOT NULL,
	video_url text NOT NULL,
	duration_ns bigint NOT NULL,
	uploaded_at timestamptz,
	sort_order integer NOT NULL,
	answer text NOT NULL
);

CREATE TABLE publications (
	slug text PRIMARY KEY NOT NULL CHECK (slug <> ''),
	kind text NOT NULL CHECK (kind IN ('award', 'publication', 'presentation')),
	title text NOT NULL,
	authors text NOT NULL,
	venue text NOT NULL,
	year integer NOT NULL,
	url text NOT NULL,
	summary text NOT NULL
);

CREATE TABLE redirects (
	from_path text PRIMARY KEY NOT NULL CHECK (from_path LIKE '/%'),
	to_path text NOT NULL CHECK (to_path <> '')
);

CREATE TABLE content_version (
	id integer PRIMARY KEY NOT NULL CHECK (id = 1),
	version bigint NOT NULL
);
INSERT INTO content_version (id, version) VALUES (1, 0);

-- What site search finds. Drafts are not indexed; published_at is NULL for
-- what is always visible and the publication time of a post otherwise.
-- tsv weighs the title (A) above the body (B).
CREATE TABLE search_docs (
	id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	kind text NOT NULL CHECK (kind IN ('post', 'page', 'treatment', 'doctor')),
	slug text NOT NULL,
	title text NOT NULL,
	body_text text NOT NULL,
	published_at timestamptz,
	tsv tsvector NOT NULL GENERATED ALWAYS AS (
		setweight(to_tsvector('english', title), 'A') ||
		setweight(to_tsvector('english', body_text), 'B')
	) STORED,
	UNIQUE (kind, slug)
);
-- The GIN indexes write through (no fastupdate pending list): content
-- changes seldom, and a search should never have to scan a long list of
-- pending entries. A search ranks every matching page, treatment and
-- doctor: the partial index finds them without looking at the posts.
CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv) WITH (fastupdate = off);
CREATE INDEX search_docs_tsv_not_posts ON search_docs USING gin (tsv) WITH (fastupdate = off)
	WHERE kind <> 'post';
