-- pair: a partial index's predicate changes, an index's fillfactor is set (ALTER INDEX SET in place), an index collation is set
-- @from
CREATE TABLE public.jobs (id bigint PRIMARY KEY, state text NOT NULL, run_at timestamptz NOT NULL, queue text NOT NULL);
CREATE INDEX jobs_pending_idx ON public.jobs (run_at) WHERE state = 'pending';
CREATE INDEX jobs_queue_idx ON public.jobs (queue);
CREATE INDEX jobs_state_idx ON public.jobs (state) WITH (fillfactor = 90);
-- @to
CREATE TABLE public.jobs (id bigint PRIMARY KEY, state text NOT NULL, run_at timestamptz NOT NULL, queue text NOT NULL);
CREATE INDEX jobs_pending_idx ON public.jobs (run_at) WHERE state IN ('pending', 'retrying');
CREATE INDEX jobs_queue_idx ON public.jobs (queue COLLATE "C");
CREATE INDEX jobs_state_idx ON public.jobs (state) WITH (fillfactor = 70, deduplicate_items = off);
