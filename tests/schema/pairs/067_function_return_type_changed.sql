-- pair: return types change (integer→bigint, scalar→SETOF, OUT parameters added, RETURNS TABLE columns changed): DROP + CREATE
-- @from
CREATE TABLE public.items (id bigint PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION public.item_count() RETURNS integer LANGUAGE sql STABLE AS $$ SELECT count(*)::integer FROM public.items $$;
CREATE FUNCTION public.first_item() RETURNS text LANGUAGE sql STABLE AS $$ SELECT name FROM public.items ORDER BY id LIMIT 1 $$;
CREATE FUNCTION public.item_list() RETURNS TABLE (id bigint, name text) LANGUAGE sql STABLE AS $$ SELECT id, name FROM public.items $$;
CREATE FUNCTION public.bounds(OUT lo bigint, OUT hi bigint) LANGUAGE sql STABLE AS $$ SELECT min(id), max(id) FROM public.items $$;
-- @to
CREATE TABLE public.items (id bigint PRIMARY KEY, name text NOT NULL);
CREATE FUNCTION public.item_count() RETURNS bigint LANGUAGE sql STABLE AS $$ SELECT count(*) FROM public.items $$;
CREATE FUNCTION public.first_item() RETURNS SETOF text LANGUAGE sql STABLE AS $$ SELECT name FROM public.items ORDER BY id LIMIT 1 $$;
CREATE FUNCTION public.item_list() RETURNS TABLE (id bigint, name text, name_length integer) LANGUAGE sql STABLE AS $$ SELECT id, name, length(name) FROM public.items $$;
CREATE FUNCTION public.bounds(OUT lo bigint, OUT hi bigint, OUT n bigint) LANGUAGE sql STABLE AS $$ SELECT min(id), max(id), count(*) FROM public.items $$;
