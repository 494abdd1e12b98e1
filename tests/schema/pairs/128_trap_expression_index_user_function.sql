-- pair: trap — an expression index calls an immutable user function whose result type changes (index dropped, function dropped + created, index created)
-- @from
CREATE TABLE public.people (id bigint PRIMARY KEY, first text NOT NULL, last text NOT NULL);
CREATE FUNCTION public.sort_key(f text, l text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT lower(l || ' ' || f) $$;
CREATE INDEX people_sort_idx ON public.people (public.sort_key(first, last));
-- @to
CREATE TABLE public.people (id bigint PRIMARY KEY, first text NOT NULL, last text NOT NULL);
CREATE FUNCTION public.sort_key(f text, l text) RETURNS text[] LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[lower(l), lower(f)] $$;
CREATE INDEX people_sort_idx ON public.people (public.sort_key(first, last));
