-- revision: 0004_bad
-- down_revision: 0003_fn
-- migrate:up
CREATE TABLE (;
