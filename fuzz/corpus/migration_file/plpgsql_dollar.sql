-- revision: 0003_fn
-- down_revision: 0002_add_users
-- transaction: none

-- migrate:up
/* a /* nested */ comment */
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $body$
BEGIN
  NEW.updated := now(); -- not a marker
  RETURN NEW;
END
$body$;
SELECT E'it''s \n', 'semi;colon', $$ ; $$;
CREATE FUNCTION add(a int, b int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT a + b; END;
CREATE INDEX CONCURRENTLY users_created ON users (id);
-- migrate:down
DROP FUNCTION add(int, int); DROP FUNCTION touch();
