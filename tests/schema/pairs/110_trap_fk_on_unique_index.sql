-- pair: trap — a foreign key references columns covered only by a unique INDEX (no constraint); the index is replaced (partial → full, new name) while the FK must stay
-- @from
CREATE TABLE public.skus (id bigint PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX skus_code_idx ON public.skus (code);
CREATE TABLE public.stock (sku_code text NOT NULL REFERENCES public.skus (code), qty integer NOT NULL);
-- @to
CREATE TABLE public.skus (id bigint PRIMARY KEY, code text NOT NULL);
CREATE UNIQUE INDEX skus_code_uniq ON public.skus (code) INCLUDE (id);
CREATE TABLE public.stock (sku_code text NOT NULL REFERENCES public.skus (code), qty integer NOT NULL);
