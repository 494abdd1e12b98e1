-- pair: triggers' enabled state changes: DISABLE, ENABLE REPLICA, ENABLE ALWAYS (ALTER TABLE … TRIGGER), definitions unchanged
-- @from
CREATE TABLE public.items (id bigint PRIMARY KEY, v text);
CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER items_t1 BEFORE INSERT ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER items_t2 BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER items_t3 AFTER DELETE ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
ALTER TABLE public.items DISABLE TRIGGER items_t3;
-- @to
CREATE TABLE public.items (id bigint PRIMARY KEY, v text);
CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER items_t1 BEFORE INSERT ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER items_t2 BEFORE UPDATE ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
CREATE TRIGGER items_t3 AFTER DELETE ON public.items FOR EACH ROW EXECUTE FUNCTION public.noop();
ALTER TABLE public.items DISABLE TRIGGER items_t1;
ALTER TABLE public.items ENABLE REPLICA TRIGGER items_t2;
ALTER TABLE public.items ENABLE ALWAYS TRIGGER items_t3;
