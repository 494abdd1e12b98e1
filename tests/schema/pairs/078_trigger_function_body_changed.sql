-- pair: a trigger function's body changes while triggers on two tables use it (CREATE OR REPLACE FUNCTION; the triggers stay)
-- @from
CREATE TABLE public.a (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE TABLE public.b (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE TRIGGER a_updated BEFORE UPDATE ON public.a FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER b_updated BEFORE UPDATE ON public.b FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
-- @to
CREATE TABLE public.a (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE TABLE public.b (id bigint PRIMARY KEY, updated_at timestamptz);
CREATE FUNCTION public.set_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD THEN
        NEW.updated_at := clock_timestamp();
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER a_updated BEFORE UPDATE ON public.a FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
CREATE TRIGGER b_updated BEFORE UPDATE ON public.b FOR EACH ROW EXECUTE FUNCTION public.set_updated_at();
