-- pair: a STORED generated column added at the end (and dropped in reverse); rows present
-- @from
CREATE TABLE public.people (id bigint PRIMARY KEY, first_name text NOT NULL, last_name text NOT NULL);
INSERT INTO public.people VALUES (1, 'Ada', 'Lovelace');
-- @to
CREATE TABLE public.people (
    id bigint PRIMARY KEY,
    first_name text NOT NULL,
    last_name text NOT NULL,
    full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED
);
INSERT INTO public.people (id, first_name, last_name) VALUES (1, 'Ada', 'Lovelace');
