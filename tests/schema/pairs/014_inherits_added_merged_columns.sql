-- pair: INHERITS added/removed where the child declares the parent's columns itself (ALTER TABLE INHERIT / NO INHERIT reach B exactly)
-- @from
CREATE TABLE public.vehicles (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.trucks (id bigint NOT NULL, name text NOT NULL, payload_kg integer);
-- @to
CREATE TABLE public.vehicles (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.trucks (id bigint NOT NULL, name text NOT NULL, payload_kg integer) INHERITS (public.vehicles);
