-- pair: identical — overloaded functions with defaults, composite type, aggregate over it, procedure with INOUT, RETURNS TABLE with SQL-standard body, BEGIN ATOMIC: the diff must be empty
-- @min_postgres: 14
-- (SQL-standard function bodies (BEGIN ATOMIC) arrived in PostgreSQL 14)
-- @from
CREATE SCHEMA util;
CREATE TYPE util.pair AS (k text, v text);
CREATE FUNCTION util.kv(k text, v text DEFAULT '') RETURNS util.pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(k, v)::util.pair $$;
CREATE FUNCTION util.kv(k text, v integer) RETURNS util.pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(k, v::text)::util.pair $$;
CREATE FUNCTION util.join_state(acc text, p util.pair) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN acc IS NULL THEN p.k || '=' || p.v ELSE acc || '&' || p.k || '=' || p.v END $$;
CREATE AGGREGATE util.query_string(util.pair) (SFUNC = util.join_state, STYPE = text);
CREATE PROCEDURE util.noop(INOUT x integer) LANGUAGE plpgsql AS $$ BEGIN x := x; END; $$;
CREATE FUNCTION util.counter(n integer) RETURNS TABLE (i integer) LANGUAGE sql IMMUTABLE ROWS 50 RETURN generate_series(1, n);
CREATE FUNCTION util.atomic_sum(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT a + b;
END;
COMMENT ON FUNCTION util.kv(text, integer) IS 'numeric value overload';
COMMENT ON AGGREGATE util.query_string(util.pair) IS 'k=v&k=v';
-- @to
CREATE SCHEMA util;
CREATE TYPE util.pair AS (k text, v text);
CREATE FUNCTION util.kv(k text, v text DEFAULT '') RETURNS util.pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(k, v)::util.pair $$;
CREATE FUNCTION util.kv(k text, v integer) RETURNS util.pair LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(k, v::text)::util.pair $$;
CREATE FUNCTION util.join_state(acc text, p util.pair) RETURNS text LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN acc IS NULL THEN p.k || '=' || p.v ELSE acc || '&' || p.k || '=' || p.v END $$;
CREATE AGGREGATE util.query_string(util.pair) (SFUNC = util.join_state, STYPE = text);
CREATE PROCEDURE util.noop(INOUT x integer) LANGUAGE plpgsql AS $$ BEGIN x := x; END; $$;
CREATE FUNCTION util.counter(n integer) RETURNS TABLE (i integer) LANGUAGE sql IMMUTABLE ROWS 50 RETURN generate_series(1, n);
CREATE FUNCTION util.atomic_sum(a integer, b integer) RETURNS integer LANGUAGE sql IMMUTABLE PARALLEL SAFE
BEGIN ATOMIC
    SELECT a + b;
END;
COMMENT ON FUNCTION util.kv(text, integer) IS 'numeric value overload';
COMMENT ON AGGREGATE util.query_string(util.pair) IS 'k=v&k=v';
