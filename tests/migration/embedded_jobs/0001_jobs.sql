-- revision: j1
-- down_revision: none
-- message: job queue

-- migrate:up
CREATE TABLE jobs (id bigserial PRIMARY KEY, payload jsonb NOT NULL, state text NOT NULL DEFAULT 'queued');

-- migrate:down
DROP TABLE jobs;
