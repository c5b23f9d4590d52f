-- The site's main navigation, in order. Empty: the built-in default.
CREATE TABLE menu_items (
	position INTEGER PRIMARY KEY NOT NULL,
	name TEXT NOT NULL CHECK (name <> ''),
	url TEXT NOT NULL CHECK (url <> '')
) STRICT;
