-- pair: trap — ALTER COLUMN TYPE on a column named in a trigger's WHEN clause is refused: the trigger is dropped and recreated around the change
-- @from
CREATE TABLE public.stock (id bigint PRIMARY KEY, qty integer NOT NULL);
CREATE FUNCTION public.low_stock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'low stock %', NEW.id; RETURN NULL; END; $$;
CREATE TRIGGER stock_low AFTER UPDATE ON public.stock FOR EACH ROW WHEN (NEW.qty < 5) EXECUTE FUNCTION public.low_stock();
-- @to
CREATE TABLE public.stock (id bigint PRIMARY KEY, qty numeric(10,3) NOT NULL);
CREATE FUNCTION public.low_stock() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE NOTICE 'low stock %', NEW.id; RETURN NULL; END; $$;
CREATE TRIGGER stock_low AFTER UPDATE ON public.stock FOR EACH ROW WHEN (NEW.qty < 5) EXECUTE FUNCTION public.low_stock();
