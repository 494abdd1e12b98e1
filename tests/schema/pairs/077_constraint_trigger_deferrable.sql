-- pair: a constraint trigger DEFERRABLE INITIALLY DEFERRED created, and an existing one made INITIALLY IMMEDIATE (no CREATE OR REPLACE for constraint triggers)
-- @from
CREATE TABLE public.ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount numeric NOT NULL);
CREATE FUNCTION public.check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM public.ledger) <> 0 THEN
        RAISE EXCEPTION 'ledger is not balanced';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_balanced_insert AFTER INSERT ON public.ledger
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.check_balanced();
-- @to
CREATE TABLE public.ledger (id bigint PRIMARY KEY, account_id bigint NOT NULL, amount numeric NOT NULL);
CREATE FUNCTION public.check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF (SELECT sum(amount) FROM public.ledger) <> 0 THEN
        RAISE EXCEPTION 'ledger is not balanced';
    END IF;
    RETURN NULL;
END;
$$;
CREATE CONSTRAINT TRIGGER ledger_balanced_insert AFTER INSERT ON public.ledger
    DEFERRABLE INITIALLY IMMEDIATE FOR EACH ROW EXECUTE FUNCTION public.check_balanced();
CREATE CONSTRAINT TRIGGER ledger_balanced_change AFTER UPDATE OR DELETE ON public.ledger
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION public.check_balanced();
