-- pair: text→integer needs USING (no assignment cast) with rows present; integer→text in reverse works without one
-- @online
-- @from
CREATE TABLE public.products (id bigint PRIMARY KEY, stock text NOT NULL DEFAULT '0', rating text);
INSERT INTO public.products VALUES (1, '12', '4'), (2, '0', NULL);
-- @to
CREATE TABLE public.products (id bigint PRIMARY KEY, stock integer NOT NULL DEFAULT 0, rating smallint);
INSERT INTO public.products VALUES (1, 12, 4), (2, 0, NULL);
