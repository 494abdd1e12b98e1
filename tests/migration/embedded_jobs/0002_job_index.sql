-- revision: j2
-- down_revision: j1
-- message: index queued jobs (built concurrently: a transaction: none migration)
-- transaction: none

-- migrate:up
CREATE INDEX CONCURRENTLY jobs_queued ON jobs (id) WHERE state = 'queued';

-- migrate:down
DROP INDEX CONCURRENTLY jobs_queued;
