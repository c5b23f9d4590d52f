-- The site's words as they are written (lower case, not stemmed), with
-- how many documents hold each, for "did you mean". Words of three to 64
-- characters without punctuation: the parser's host names, paths and
-- hyphenated compounds are left out, their parts are in. The C collation
-- makes ranges of words byte ranges that the primary key answers.
CREATE TABLE search_words (
	word text COLLATE "C" PRIMARY KEY,
	docs integer NOT NULL CHECK (docs > 0)
);

-- search_words_of returns the distinct words of a document, in order.
CREATE FUNCTION search_words_of(title text, body text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', title || ' ' || body))) AS w
	WHERE length(w) BETWEEN 3 AND 64 AND w !~ '[[:punct:][:space:]]'
	ORDER BY w
$$;

-- search_words_follow keeps search_words in step with search_docs: the
-- words a document lost count one document less (and go when none holds
-- them), the words it gained one more. Content writes take one lock, so
-- two of these never run at once.
CREATE FUNCTION search_words_follow() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	lost text[];
	gained text[];
BEGIN
	IF TG_OP = 'UPDATE' AND OLD.title = NEW.title AND OLD.body_text = NEW.body_text THEN
		RETURN NULL;
	END IF;
	lost := ARRAY(SELECT search_words_of(OLD.title, OLD.body_text)
		EXCEPT SELECT search_words_of(NEW.title, NEW.body_text));
	gained := ARRAY(SELECT search_words_of(NEW.title, NEW.body_text)
		EXCEPT SELECT search_words_of(OLD.title, OLD.body_text) ORDER BY 1);
	DELETE FROM search_words WHERE word = ANY (lost) AND docs = 1;
	UPDATE search_words SET docs = docs - 1 WHERE word = ANY (lost);
	INSERT INTO search_words (word, docs) SELECT w, 1 FROM unnest(gained) AS w
	ON CONFLICT (word) DO UPDATE SET docs = search_words.docs + 1;
	RETURN NULL;
END $$;

CREATE TRIGGER search_docs_words AFTER INSERT OR UPDATE OR DELETE ON search_docs
FOR EACH ROW EXECUTE FUNCTION search_words_follow();

INSERT INTO search_words (word, docs)
SELECT w, count(*) FROM search_docs, search_words_of(title, body_text) AS w GROUP BY w;

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
