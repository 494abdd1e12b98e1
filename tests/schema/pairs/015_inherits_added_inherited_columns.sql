-- pair: INHERITS added where B's child declares only its own column: ALTER TABLE INHERIT would leave id/name local (attislocal), so only recreating the child matches B
-- @pg_dump_differs: after ALTER TABLE INHERIT the child keeps id and name as its own columns too (attislocal), which PostgreSQL cannot undo without recreating the table; retort compares inherited columns on the parent
-- @from
CREATE TABLE public.animals (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.dogs (id bigint NOT NULL, name text NOT NULL, breed text);
-- @to
CREATE TABLE public.animals (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.dogs (breed text) INHERITS (public.animals);
