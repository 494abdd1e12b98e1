-- pair: trap — a foreign key references a UNIQUE constraint that changes columns: drop the FK, replace the unique constraint, re-add the FK
-- @online
-- @from
CREATE TABLE public.currencies (id bigint PRIMARY KEY, code char(3) NOT NULL, issuer text NOT NULL DEFAULT 'iso',
    CONSTRAINT currencies_code_key UNIQUE (code));
CREATE TABLE public.prices (id bigint PRIMARY KEY, currency_code char(3) NOT NULL, issuer text NOT NULL DEFAULT 'iso', amount numeric NOT NULL,
    CONSTRAINT prices_currency_fkey FOREIGN KEY (currency_code) REFERENCES public.currencies (code));
-- @to
CREATE TABLE public.currencies (id bigint PRIMARY KEY, code char(3) NOT NULL, issuer text NOT NULL DEFAULT 'iso',
    CONSTRAINT currencies_code_key UNIQUE (code, issuer));
CREATE TABLE public.prices (id bigint PRIMARY KEY, currency_code char(3) NOT NULL, issuer text NOT NULL DEFAULT 'iso', amount numeric NOT NULL,
    CONSTRAINT prices_currency_fkey FOREIGN KEY (currency_code, issuer) REFERENCES public.currencies (code, issuer));
