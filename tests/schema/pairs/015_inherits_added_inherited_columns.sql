-- pair: INHERITS added where B's child declares only its own column: ALTER TABLE INHERIT would leave id/name local (attislocal), so only recreating the child matches B
-- @from
CREATE TABLE public.animals (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.dogs (id bigint NOT NULL, name text NOT NULL, breed text);
-- @to
CREATE TABLE public.animals (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.dogs (breed text) INHERITS (public.animals);
