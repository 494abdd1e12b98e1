-- pair: an extension created and used by a column type and an index opclass (extension first, dropped last)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, email text NOT NULL);
-- @to
CREATE EXTENSION citext;
CREATE EXTENSION pg_trgm;
CREATE TABLE public.users (id bigint PRIMARY KEY, email citext NOT NULL);
CREATE INDEX users_email_trgm ON public.users USING gin ((email::text) gin_trgm_ops);
