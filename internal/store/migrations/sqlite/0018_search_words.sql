-- The site's words as they are written (lower case, not stemmed, with
-- their diacritics, which searches fold), for "did you mean": a second
-- FTS5 index over search_docs that keeps only which documents hold each
-- word (detail=none), and an fts5vocab table that reads each word and
-- how many documents hold it straight from that index. Triggers keep it
-- in step like search_fts.
CREATE VIRTUAL TABLE search_fts_words USING fts5 (
	title, body_text,
	content = 'search_docs', content_rowid = 'id',
	detail = none, columnsize = 0,
	tokenize = 'unicode61 remove_diacritics 0'
);
CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab (search_fts_words, 'row');
INSERT INTO search_fts_words (search_fts_words) VALUES ('rebuild');

CREATE TRIGGER search_docs_words_ai AFTER INSERT ON search_docs BEGIN
	INSERT INTO search_fts_words (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
CREATE TRIGGER search_docs_words_ad AFTER DELETE ON search_docs BEGIN
	INSERT INTO search_fts_words (search_fts_words, rowid, title, body_text)
	VALUES ('delete', old.id, old.title, old.body_text);
END;
CREATE TRIGGER search_docs_words_au AFTER UPDATE ON search_docs
WHEN old.title IS NOT new.title OR old.body_text IS NOT new.body_text BEGIN
	INSERT INTO search_fts_words (search_fts_words, rowid, title, body_text)
	VALUES ('delete', old.id, old.title, old.body_text);
	INSERT INTO search_fts_words (rowid, title, body_text) VALUES (new.id, new.title, new.body_text);
END;
