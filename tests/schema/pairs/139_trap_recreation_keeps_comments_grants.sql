-- pair: trap — objects that must be recreated (view with reordered columns, matview with a new query, enum losing a value) carry unchanged comments, column comments and grants: the diff sees no comment change, the plan must still re-apply them
-- @from
CREATE TYPE public.tier AS ENUM ('free', 'legacy', 'paid');
COMMENT ON TYPE public.tier IS 'Pricing tier';
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL, tier public.tier NOT NULL DEFAULT 'free');
CREATE VIEW public.account_list AS SELECT id, name, tier FROM public.accounts;
COMMENT ON VIEW public.account_list IS 'For the admin UI';
COMMENT ON COLUMN public.account_list.name IS 'Display name';
GRANT SELECT ON public.account_list TO retort_reader;
CREATE MATERIALIZED VIEW public.tier_counts AS SELECT tier, count(*) AS n FROM public.accounts GROUP BY tier;
COMMENT ON MATERIALIZED VIEW public.tier_counts IS 'Accounts per tier';
GRANT SELECT ON public.tier_counts TO retort_reader;
-- @to
CREATE TYPE public.tier AS ENUM ('free', 'paid');
COMMENT ON TYPE public.tier IS 'Pricing tier';
CREATE TABLE public.accounts (id bigint PRIMARY KEY, name text NOT NULL, tier public.tier NOT NULL DEFAULT 'free');
CREATE VIEW public.account_list AS SELECT id, tier, name FROM public.accounts;
COMMENT ON VIEW public.account_list IS 'For the admin UI';
COMMENT ON COLUMN public.account_list.name IS 'Display name';
GRANT SELECT ON public.account_list TO retort_reader;
CREATE MATERIALIZED VIEW public.tier_counts AS SELECT tier, count(*) AS n FROM public.accounts WHERE id > 0 GROUP BY tier;
COMMENT ON MATERIALIZED VIEW public.tier_counts IS 'Accounts per tier';
GRANT SELECT ON public.tier_counts TO retort_reader;
