-- pair: trap — self-referencing foreign key added with a new column (table and its PK before the FK); on another table a self-FK changes to ON DELETE CASCADE
-- @from
CREATE TABLE public.categories (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.comments (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.comments (id), body text NOT NULL);
INSERT INTO public.categories VALUES (1, 'root'), (2, 'child');
-- @to
CREATE TABLE public.categories (id bigint PRIMARY KEY, name text NOT NULL, parent_id bigint REFERENCES public.categories (id) ON DELETE SET NULL);
CREATE TABLE public.comments (id bigint PRIMARY KEY, parent_id bigint REFERENCES public.comments (id) ON DELETE CASCADE, body text NOT NULL);
CREATE INDEX categories_parent_idx ON public.categories (parent_id);
INSERT INTO public.categories VALUES (1, 'root'), (2, 'child');
