-- A patient who books from their MRI review's answer books with the
-- review attached: staff see the one from the other.
ALTER TABLE review_requests ADD COLUMN appointment_id INTEGER REFERENCES appointments (id) ON DELETE SET NULL;
