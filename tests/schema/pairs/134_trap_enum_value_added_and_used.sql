-- pair: trap — an enum value is added and used in the same change (column default, partial index predicate, CHECK): ALTER TYPE … ADD VALUE must commit before the new label is used ("unsafe use of new value")
-- @from
CREATE TYPE public.job_state AS ENUM ('queued', 'running', 'done');
CREATE TABLE public.jobs (id bigint PRIMARY KEY, state public.job_state NOT NULL DEFAULT 'queued');
INSERT INTO public.jobs VALUES (1, 'queued'), (2, 'done');
-- @to
CREATE TYPE public.job_state AS ENUM ('pending', 'queued', 'running', 'done');
CREATE TABLE public.jobs (id bigint PRIMARY KEY, state public.job_state NOT NULL DEFAULT 'pending',
    CONSTRAINT jobs_state_check CHECK (state <> 'pending' OR id > 0));
CREATE INDEX jobs_pending_idx ON public.jobs (id) WHERE state = 'pending';
INSERT INTO public.jobs VALUES (1, 'queued'), (2, 'done');
