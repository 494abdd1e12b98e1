-- pair: unique, partial and expression indexes created (and dropped in reverse)
-- @online
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL, deleted_at timestamptz, created_at timestamptz NOT NULL DEFAULT now());
CREATE UNIQUE INDEX users_email_lower_key ON public.users (lower(email)) WHERE deleted_at IS NULL;
CREATE INDEX users_active_created_idx ON public.users (created_at) WHERE deleted_at IS NULL;
CREATE INDEX users_created_day_idx ON public.users (date_trunc('day', created_at AT TIME ZONE 'UTC'));
