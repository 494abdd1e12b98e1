-- pair: a composite type used as a table column gets an attribute's type changed (ALTER TYPE … ALTER ATTRIBUTE refuses while a column uses it)
-- @from
CREATE TYPE public.money_amount AS (amount numeric(10,2), currency char(3));
CREATE TABLE public.payments (id bigint PRIMARY KEY, price public.money_amount);
-- @to
CREATE TYPE public.money_amount AS (amount numeric(14,4), currency char(3));
CREATE TABLE public.payments (id bigint PRIMARY KEY, price public.money_amount);
