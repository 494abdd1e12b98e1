-- pair: an aggregate's INITCOND and state function change (no ALTER for these: drop + create; the old sfunc is dropped after it)
-- @from
CREATE FUNCTION public.concat_state(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$ SELECT acc || v $$;
CREATE AGGREGATE public.concat_all(text) (SFUNC = public.concat_state, STYPE = text, INITCOND = '');
-- @to
CREATE FUNCTION public.concat_sep_state(acc text, v text) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN acc = '' THEN v ELSE acc || ', ' || v END $$;
CREATE AGGREGATE public.concat_all(text) (SFUNC = public.concat_sep_state, STYPE = text, INITCOND = '', PARALLEL = SAFE);
