-- pair: trap — enum value removed while a function takes the enum as an argument and returns an array of it: the functions must be dropped and recreated around the type's recreation
-- @from
CREATE TYPE public.role AS ENUM ('viewer', 'editor', 'owner', 'superowner');
CREATE TABLE public.grants (user_id bigint NOT NULL, role public.role NOT NULL);
CREATE FUNCTION public.can_edit(r public.role) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT r >= 'editor' $$;
CREATE FUNCTION public.all_roles() RETURNS public.role[] LANGUAGE sql IMMUTABLE AS $$ SELECT enum_range(NULL::public.role) $$;
-- @to
CREATE TYPE public.role AS ENUM ('viewer', 'editor', 'owner');
CREATE TABLE public.grants (user_id bigint NOT NULL, role public.role NOT NULL);
CREATE FUNCTION public.can_edit(r public.role) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT r >= 'editor' $$;
CREATE FUNCTION public.all_roles() RETURNS public.role[] LANGUAGE sql IMMUTABLE AS $$ SELECT enum_range(NULL::public.role) $$;
