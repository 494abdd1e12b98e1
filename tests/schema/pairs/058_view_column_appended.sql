-- pair: a view gains a column at the end (CREATE OR REPLACE VIEW allows appending; the reverse removes it and needs drop + create)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE VIEW public.user_directory AS SELECT id, name FROM public.users;
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE VIEW public.user_directory AS SELECT id, name, email, created_at::date AS joined_on FROM public.users;
