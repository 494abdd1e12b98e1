-- pair: serial→bigserial: ALTER COLUMN TYPE bigint leaves the owned sequence AS integer; B's sequence is AS bigint
-- @from
CREATE TABLE public.clicks (id serial PRIMARY KEY, url text NOT NULL);
-- @to
CREATE TABLE public.clicks (id bigserial PRIMARY KEY, url text NOT NULL);
