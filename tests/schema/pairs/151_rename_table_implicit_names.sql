-- pair: rename — a table with a serial column, an implicit PK name and an FK pointing at it is renamed; B's implicit names (people_pkey, people_id_seq, people_email_key) differ from what a bare RENAME leaves behind
-- @from
CREATE TABLE public.persons (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE public.addresses (id serial PRIMARY KEY, person_id integer NOT NULL REFERENCES public.persons (id));
-- @to
-- retort: renamed table public.people from persons
CREATE TABLE public.people (id serial PRIMARY KEY, email text NOT NULL UNIQUE);
CREATE TABLE public.addresses (id serial PRIMARY KEY, person_id integer NOT NULL REFERENCES public.people (id));
