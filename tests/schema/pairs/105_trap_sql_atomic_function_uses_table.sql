-- pair: trap — SQL-standard function body (BEGIN ATOMIC, PG14+) uses a new table and a new column: pg_depend records them, so the table goes first and the function is dropped first
-- @min_postgres: 14
-- (SQL-standard function bodies (BEGIN ATOMIC) arrived in PostgreSQL 14)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL);
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, karma integer NOT NULL DEFAULT 0);
CREATE TABLE public.user_badges (user_id bigint NOT NULL REFERENCES public.users (id), badge text NOT NULL, PRIMARY KEY (user_id, badge));
CREATE FUNCTION public.award(u bigint, b text) RETURNS void LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO public.user_badges (user_id, badge) VALUES (u, b) ON CONFLICT DO NOTHING;
    UPDATE public.users SET karma = karma + 10 WHERE id = u;
END;
CREATE FUNCTION public.badge_count(u bigint) RETURNS bigint LANGUAGE sql STABLE
    RETURN (SELECT count(*) FROM public.user_badges WHERE user_id = u);
