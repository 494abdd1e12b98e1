-- pair: rename — an enum type renamed (stated) while a column, a default, an array column and a function signature use it; a value is appended in the same change
-- @from
CREATE TYPE public.mood AS ENUM ('sad', 'ok', 'happy');
CREATE TABLE public.diary (id bigint PRIMARY KEY, mood public.mood NOT NULL DEFAULT 'ok', history public.mood[]);
CREATE FUNCTION public.is_good(m public.mood) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m >= 'ok' $$;
INSERT INTO public.diary VALUES (1, 'happy', '{sad,ok}');
-- @to
-- retort: renamed type public.feeling from mood
CREATE TYPE public.feeling AS ENUM ('sad', 'ok', 'happy', 'ecstatic');
CREATE TABLE public.diary (id bigint PRIMARY KEY, mood public.feeling NOT NULL DEFAULT 'ok', history public.feeling[]);
CREATE FUNCTION public.is_good(m public.feeling) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$ SELECT m >= 'ok' $$;
INSERT INTO public.diary VALUES (1, 'happy', '{sad,ok}');
