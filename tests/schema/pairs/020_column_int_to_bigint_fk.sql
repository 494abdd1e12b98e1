-- pair: int→bigint on a primary key referenced by a foreign key and on the referencing column, plus an identity column whose sequence type follows
-- @from
CREATE TABLE public.authors (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.books (id integer PRIMARY KEY, author_id integer NOT NULL REFERENCES public.authors (id));
CREATE INDEX books_author_idx ON public.books (author_id);
-- @to
CREATE TABLE public.authors (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.books (id integer PRIMARY KEY, author_id bigint NOT NULL REFERENCES public.authors (id));
CREATE INDEX books_author_idx ON public.books (author_id);
