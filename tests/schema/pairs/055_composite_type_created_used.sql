-- pair: composite type created and used by a function's return type and a table column (type before both; dropped after)
-- @from
CREATE TABLE public.shops (id bigint PRIMARY KEY, lat double precision, lon double precision);
-- @to
CREATE TYPE public.geo_point AS (lat double precision, lon double precision);
CREATE TABLE public.shops (id bigint PRIMARY KEY, lat double precision, lon double precision, location public.geo_point);
CREATE FUNCTION public.shop_point(shop_id bigint) RETURNS public.geo_point
    LANGUAGE sql STABLE AS $$ SELECT ROW(lat, lon)::public.geo_point FROM public.shops WHERE id = shop_id $$;
