-- pair: trap — dropping columns silently drops the indexes and constraints on them (multi-column index, unique, CHECK, FK): the plan must not drop those again afterwards; reverse adds the columns before them
-- @from
CREATE TABLE public.regions (code text PRIMARY KEY);
CREATE TABLE public.stores (
    id bigint PRIMARY KEY,
    name text NOT NULL,
    region_code text REFERENCES public.regions (code),
    external_id text,
    CONSTRAINT stores_external_key UNIQUE (name, external_id),
    CONSTRAINT stores_external_format CHECK (external_id ~ '^[A-Z]+$')
);
CREATE INDEX stores_region_name_idx ON public.stores (region_code, name);
-- @to
CREATE TABLE public.regions (code text PRIMARY KEY);
CREATE TABLE public.stores (
    id bigint PRIMARY KEY,
    name text NOT NULL
);
