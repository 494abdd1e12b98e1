-- pair: trap — a (last) column is dropped while a view selects it: the view loses that column (drop + create) before the column goes; reverse adds the column before extending the view
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, legacy_code text);
CREATE VIEW public.user_list AS SELECT id, name, legacy_code FROM public.users;
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE VIEW public.user_list AS SELECT id, name FROM public.users;
