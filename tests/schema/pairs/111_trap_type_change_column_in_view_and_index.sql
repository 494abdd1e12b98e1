-- pair: trap — ALTER COLUMN TYPE on a column used by a view (refused while the view exists) and by plain and expression indexes (rebuilt): drop view, alter, recreate view
-- @online
-- @from
CREATE TABLE public.payments (id bigint PRIMARY KEY, amount integer NOT NULL, reference varchar(20) NOT NULL);
CREATE INDEX payments_amount_idx ON public.payments (amount);
CREATE INDEX payments_reference_lower_idx ON public.payments (lower(reference));
CREATE VIEW public.large_payments AS SELECT id, amount, reference FROM public.payments WHERE amount > 1000;
INSERT INTO public.payments VALUES (1, 5000, 'R-1');
-- @to
CREATE TABLE public.payments (id bigint PRIMARY KEY, amount numeric(12,2) NOT NULL, reference text NOT NULL);
CREATE INDEX payments_amount_idx ON public.payments (amount);
CREATE INDEX payments_reference_lower_idx ON public.payments (lower(reference));
CREATE VIEW public.large_payments AS SELECT id, amount, reference FROM public.payments WHERE amount > 1000;
INSERT INTO public.payments VALUES (1, 5000, 'R-1');
