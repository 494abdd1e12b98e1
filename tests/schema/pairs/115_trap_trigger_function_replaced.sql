-- pair: trap — a trigger switches to a new function and the old function is dropped: create the new function, replace the trigger, then drop the old one (reverse alike)
-- @from
CREATE TABLE public.profiles (id bigint PRIMARY KEY, name text NOT NULL, search text);
CREATE FUNCTION public.profiles_search_v1() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := lower(NEW.name);
    RETURN NEW;
END;
$$;
CREATE TRIGGER profiles_search BEFORE INSERT OR UPDATE ON public.profiles FOR EACH ROW EXECUTE FUNCTION public.profiles_search_v1();
-- @to
CREATE TABLE public.profiles (id bigint PRIMARY KEY, name text NOT NULL, search text);
CREATE FUNCTION public.profiles_search_v2() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.search := lower(regexp_replace(NEW.name, '\s+', ' ', 'g'));
    RETURN NEW;
END;
$$;
CREATE TRIGGER profiles_search BEFORE INSERT OR UPDATE OF name ON public.profiles FOR EACH ROW EXECUTE FUNCTION public.profiles_search_v2();
