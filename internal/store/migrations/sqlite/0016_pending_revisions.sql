-- A revision is saved (a version the item had), pending (an editor's
-- changes to a post that the site does not show yet, rewritten by
-- autosave) or discarded (a pending revision the editor threw away, kept
-- so that it can still be restored). An item has at most one pending
-- revision.
ALTER TABLE revisions ADD COLUMN state TEXT NOT NULL DEFAULT 'saved'
	CHECK (state IN ('saved', 'pending', 'discarded'));
CREATE UNIQUE INDEX revisions_pending ON revisions (kind, slug) WHERE state = 'pending';
