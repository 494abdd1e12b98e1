-- pair: an aggregate with a custom state function and final function created (functions first, aggregate dropped before them)
-- @min_postgres: 14
-- (numeric Infinity (the aggregate's INITCOND) arrived in PostgreSQL 14)
-- @from
CREATE TABLE public.readings (id bigint PRIMARY KEY, value numeric NOT NULL);
-- @to
CREATE TABLE public.readings (id bigint PRIMARY KEY, value numeric NOT NULL);
CREATE FUNCTION public.range_state(state numeric[], v numeric) RETURNS numeric[]
    LANGUAGE sql IMMUTABLE AS $$ SELECT ARRAY[least(state[1], v), greatest(state[2], v)] $$;
CREATE FUNCTION public.range_final(state numeric[]) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$ SELECT state[2] - state[1] $$;
CREATE AGGREGATE public.value_range(numeric) (
    SFUNC = public.range_state,
    STYPE = numeric[],
    FINALFUNC = public.range_final,
    INITCOND = '{Infinity,-Infinity}'
);
