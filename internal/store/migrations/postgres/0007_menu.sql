-- The site's main navigation, in order. Empty: the built-in default.
CREATE TABLE menu_items (
	position integer PRIMARY KEY NOT NULL,
	name text NOT NULL CHECK (name <> ''),
	url text NOT NULL CHECK (url <> '')
);
