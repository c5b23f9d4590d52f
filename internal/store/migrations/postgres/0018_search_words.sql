-- The site's words as they are written (lower case, not stemmed), for
-- "did you mean". Words of three to 64 characters without punctuation:
-- the parser's host names, paths and hyphenated compounds are left out,
-- their parts are in. The C collation makes ranges of words byte ranges
-- that the primary key answers. The table holds no counts: a count that
-- every document changes is one row updated thousands of times in a bulk
-- import, and PostgreSQL keeps every version of it until the end of the
-- transaction (2,000 posts took six minutes to import instead of ten
-- seconds).
CREATE TABLE search_words (
	word text COLLATE "C" PRIMARY KEY
);

-- search_words_of returns the distinct words of a document.
CREATE FUNCTION search_words_of(title text, body text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', title || ' ' || body))) AS w
	WHERE length(w) BETWEEN 3 AND 64 AND w !~ '[[:punct:][:space:]]'
$$;

-- search_words_follow keeps search_words in step with search_docs: a
-- document's new words are added, and the words it lost go when no
-- document's search vector holds them any more. That test goes by stems,
-- so "running" stays while a document holds "run"; searching for it
-- still finds that document. Stop words, which no search vector holds,
-- stay.
CREATE FUNCTION search_words_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.title = NEW.title AND OLD.body_text = NEW.body_text THEN
		RETURN NULL;
	END IF;
	INSERT INTO search_words (word) SELECT search_words_of(NEW.title, NEW.body_text)
	ON CONFLICT DO NOTHING;
	IF TG_OP = 'INSERT' THEN
		RETURN NULL;
	END IF;
	DELETE FROM search_words w
	WHERE w.word IN (SELECT search_words_of(OLD.title, OLD.body_text)
			EXCEPT SELECT search_words_of(NEW.title, NEW.body_text))
		AND numnode(plainto_tsquery('english', w.word)) > 0
		AND NOT EXISTS (SELECT 1 FROM search_docs d WHERE d.tsv @@ plainto_tsquery('english', w.word));
	RETURN NULL;
END $$;

CREATE TRIGGER search_docs_words AFTER INSERT OR UPDATE OR DELETE ON search_docs
FOR EACH ROW EXECUTE FUNCTION search_words_follow();

INSERT INTO search_words (word) SELECT DISTINCT search_words_of(title, body_text) FROM search_docs;

-- Trigram similarity finds the words near a misspelling whatever letter
-- it changed. pg_trgm ships with PostgreSQL (Debian's postgresql package
-- includes it) and any owner of the database may create it. Where it
-- cannot be created, the block is undone alone and the migration goes on:
-- the store sees that similarity is missing and picks near words by
-- their first letters instead.
DO $$
BEGIN
	CREATE EXTENSION IF NOT EXISTS pg_trgm;
	CREATE INDEX search_words_trgm ON search_words USING gin (word gin_trgm_ops);
EXCEPTION WHEN OTHERS THEN
	RAISE NOTICE 'pg_trgm is not available (%); search suggestions go by first letters', SQLERRM;
END $$;
