-- pair: trap — a STORED generated column calls an immutable user function (function first, column dropped before the function); rows present
-- @from
CREATE TABLE public.articles (id bigint PRIMARY KEY, title text NOT NULL);
INSERT INTO public.articles VALUES (1, 'Hello World');
-- @to
CREATE FUNCTION public.slugify(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT trim(both '-' FROM regexp_replace(lower(s), '[^a-z0-9]+', '-', 'g')) $$;
CREATE TABLE public.articles (id bigint PRIMARY KEY, title text NOT NULL, slug text GENERATED ALWAYS AS (public.slugify(title)) STORED);
INSERT INTO public.articles (id, title) VALUES (1, 'Hello World');
