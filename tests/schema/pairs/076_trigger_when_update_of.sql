-- pair: triggers changed in place: WHEN clause changed, UPDATE OF column list changed, BEFORE→AFTER, events added, argument changed
-- @from
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL, balance numeric NOT NULL, status text NOT NULL);
CREATE FUNCTION public.log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE '% on % (%)', TG_OP, TG_TABLE_NAME, TG_ARGV[0];
    RETURN NULL;
END;
$$;
CREATE TRIGGER accounts_balance AFTER UPDATE ON public.accounts FOR EACH ROW
    WHEN (OLD.balance IS DISTINCT FROM NEW.balance) EXECUTE FUNCTION public.log_change('balance');
CREATE TRIGGER accounts_email AFTER UPDATE OF email ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.log_change('email');
CREATE TRIGGER accounts_status BEFORE UPDATE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.log_change('status');
-- @to
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text NOT NULL, balance numeric NOT NULL, status text NOT NULL);
CREATE FUNCTION public.log_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE '% on % (%)', TG_OP, TG_TABLE_NAME, TG_ARGV[0];
    RETURN NULL;
END;
$$;
CREATE TRIGGER accounts_balance AFTER UPDATE ON public.accounts FOR EACH ROW
    WHEN (OLD.balance IS DISTINCT FROM NEW.balance AND NEW.balance < 0) EXECUTE FUNCTION public.log_change('balance');
CREATE TRIGGER accounts_email AFTER UPDATE OF email, status ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.log_change('contact');
CREATE TRIGGER accounts_status AFTER INSERT OR UPDATE OR DELETE ON public.accounts FOR EACH ROW EXECUTE FUNCTION public.log_change('status');
