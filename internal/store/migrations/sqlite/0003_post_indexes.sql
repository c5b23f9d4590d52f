-- The blog's lists filter by visibility (status, published_at) and by
-- category, author or tag, newest first. These indexes follow the lists'
-- order and hold the columns of the visibility rule, so that counting and
-- paging a list reads the index and only the rows of the page shown.
DROP INDEX posts_published;
DROP INDEX posts_author;
DROP INDEX posts_category;
CREATE INDEX posts_published ON posts (published_at, slug, status);
CREATE INDEX posts_author ON posts (author_slug, published_at, slug, status);
CREATE INDEX posts_category ON posts (category_slug, published_at, slug, status);
-- A tag's posts are found through post_tags; this index answers their
-- visibility without reading each post's row.
CREATE INDEX posts_visibility ON posts (slug, status, published_at);
