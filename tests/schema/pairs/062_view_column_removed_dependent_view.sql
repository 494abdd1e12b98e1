-- pair: a view loses its middle column while another view selects from it (both dropped and recreated; reverse the same)
-- @from
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL, balance numeric NOT NULL, currency text NOT NULL);
CREATE VIEW public.account_summary AS SELECT id, name, balance, currency FROM public.accounts;
CREATE VIEW public.rich_accounts AS SELECT id, currency FROM public.account_summary WHERE id > 100;
-- @to
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL, balance numeric NOT NULL, currency text NOT NULL);
CREATE VIEW public.account_summary AS SELECT id, name, currency FROM public.accounts;
CREATE VIEW public.rich_accounts AS SELECT id, currency FROM public.account_summary WHERE id > 100;
