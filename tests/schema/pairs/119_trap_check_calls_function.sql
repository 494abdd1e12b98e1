-- pair: trap — a CHECK constraint calls a user function (function created before the constraint, which validates existing rows; the constraint dropped before the function)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, username text NOT NULL);
INSERT INTO public.users VALUES (1, 'ada');
-- @to
CREATE FUNCTION public.is_valid_username(u text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT u ~ '^[a-z][a-z0-9_]{2,31}$' $$;
CREATE TABLE public.users (id bigint PRIMARY KEY, username text NOT NULL, CONSTRAINT users_username_valid CHECK (public.is_valid_username(username)));
INSERT INTO public.users VALUES (1, 'ada');
