-- pair: function attributes change in place: SECURITY DEFINER, volatility, STRICT, SET search_path, COST/ROWS, PARALLEL, LEAKPROOF
-- @from
CREATE TABLE public.secrets (id bigint PRIMARY KEY, value text NOT NULL);
CREATE FUNCTION public.secret_count() RETURNS bigint LANGUAGE sql AS $$ SELECT count(*) FROM public.secrets $$;
CREATE FUNCTION public.normalize(s text) RETURNS text LANGUAGE sql AS $$ SELECT lower(trim(s)) $$;
CREATE FUNCTION public.all_ids() RETURNS SETOF bigint LANGUAGE sql STABLE AS $$ SELECT id FROM public.secrets $$;
CREATE FUNCTION public.safe_eq(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT a = b $$;
-- @to
CREATE TABLE public.secrets (id bigint PRIMARY KEY, value text NOT NULL);
CREATE FUNCTION public.secret_count() RETURNS bigint LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public
    AS $$ SELECT count(*) FROM public.secrets $$;
CREATE FUNCTION public.normalize(s text) RETURNS text LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT lower(trim(s)) $$;
CREATE FUNCTION public.all_ids() RETURNS SETOF bigint LANGUAGE sql STABLE COST 500 ROWS 10000 SET work_mem = '64MB' AS $$ SELECT id FROM public.secrets $$;
CREATE FUNCTION public.safe_eq(a integer, b integer) RETURNS boolean LANGUAGE sql IMMUTABLE LEAKPROOF AS $$ SELECT a = b $$;
