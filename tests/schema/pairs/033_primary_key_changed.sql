-- pair: primary key columns change (id → tenant_id, id) under the same constraint name; INCLUDE columns on another PK
-- @from
CREATE TABLE public.projects (tenant_id integer NOT NULL, id bigint NOT NULL, name text NOT NULL, CONSTRAINT projects_pkey PRIMARY KEY (id));
CREATE TABLE public.labels (id bigint NOT NULL, name text NOT NULL, color text, PRIMARY KEY (id));
-- @to
CREATE TABLE public.projects (tenant_id integer NOT NULL, id bigint NOT NULL, name text NOT NULL, CONSTRAINT projects_pkey PRIMARY KEY (tenant_id, id));
CREATE TABLE public.labels (id bigint NOT NULL, name text NOT NULL, color text, PRIMARY KEY (id) INCLUDE (name));
