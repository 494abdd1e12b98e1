-- pair: a primary key added to a table without one (named and unnamed) and dropped in reverse
-- @online
-- @from
CREATE TABLE public.tags (id bigint NOT NULL, name text NOT NULL);
CREATE TABLE public.colors (code text NOT NULL, rgb integer);
INSERT INTO public.tags VALUES (1, 'red'), (2, 'blue');
-- @to
CREATE TABLE public.tags (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.colors (code text NOT NULL, rgb integer, CONSTRAINT colors_code_pk PRIMARY KEY (code));
INSERT INTO public.tags VALUES (1, 'red'), (2, 'blue');
