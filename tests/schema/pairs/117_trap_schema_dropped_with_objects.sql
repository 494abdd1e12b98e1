-- pair: trap — a whole schema with tables, FKs into public and from public, a view over public, a function, a type and a trigger disappears (B→A builds it all in order)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, plan_id bigint);
CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE TABLE billing.plans (id bigint PRIMARY KEY, name text NOT NULL, price numeric NOT NULL, currency billing.currency NOT NULL DEFAULT 'EUR');
CREATE TABLE billing.invoices (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES public.users (id), plan_id bigint NOT NULL REFERENCES billing.plans (id), amount numeric NOT NULL);
ALTER TABLE public.users ADD CONSTRAINT users_plan_fkey FOREIGN KEY (plan_id) REFERENCES billing.plans (id);
CREATE FUNCTION billing.total_for(u bigint) RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT coalesce(sum(amount), 0) FROM billing.invoices WHERE user_id = u $$;
CREATE VIEW billing.user_totals AS SELECT u.id, u.name, billing.total_for(u.id) AS total FROM public.users u;
CREATE FUNCTION billing.check_amount() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.amount < 0 THEN RAISE EXCEPTION 'negative'; END IF; RETURN NEW; END; $$;
CREATE TRIGGER invoices_check BEFORE INSERT ON billing.invoices FOR EACH ROW EXECUTE FUNCTION billing.check_amount();
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL, plan_id bigint);
