-- pair: extensions created in their own schema (ltree, uuid-ossp) and used by defaults, columns and a gist index
-- @from
CREATE TABLE public.categories (id bigint PRIMARY KEY, name text NOT NULL);
-- @to
CREATE SCHEMA extensions;
CREATE EXTENSION ltree SCHEMA extensions;
CREATE EXTENSION "uuid-ossp" SCHEMA extensions;
CREATE TABLE public.categories (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    path extensions.ltree,
    public_id uuid NOT NULL DEFAULT extensions.uuid_generate_v4()
);
CREATE INDEX categories_path_gist ON public.categories USING gist (path);
