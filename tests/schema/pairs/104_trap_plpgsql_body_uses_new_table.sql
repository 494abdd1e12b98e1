-- pair: trap — a plpgsql function reads a table created in the same change (no pg_depend edge) and is evaluated during the migration by a new column's default over existing rows: the table must exist first
-- @from
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL);
INSERT INTO public.accounts VALUES (1, 'acme'), (2, 'globex');
-- @to
CREATE TABLE public.settings (key text PRIMARY KEY, value text NOT NULL);
CREATE FUNCTION public.default_plan() RETURNS text LANGUAGE plpgsql STABLE AS $$
DECLARE
    v text;
BEGIN
    SELECT value INTO v FROM public.settings WHERE key = 'default_plan';
    RETURN coalesce(v, 'free');
END;
$$;
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL, plan text DEFAULT public.default_plan());
INSERT INTO public.accounts (id, name) VALUES (1, 'acme'), (2, 'globex');
