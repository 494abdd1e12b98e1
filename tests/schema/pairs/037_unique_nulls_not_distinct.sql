-- pair: unique constraint becomes NULLS NOT DISTINCT (PG15), a multi-column unique constraint added, a unique index becomes NULLS NOT DISTINCT
-- @online
-- @min_postgres: 15
-- (NULLS NOT DISTINCT arrived in PostgreSQL 15)
-- @from
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text, org_id bigint, handle text, external_ref text,
    CONSTRAINT accounts_email_key UNIQUE (email));
CREATE UNIQUE INDEX accounts_external_ref_idx ON public.accounts (external_ref);
-- @to
CREATE TABLE public.accounts (id bigint PRIMARY KEY, email text, org_id bigint, handle text, external_ref text,
    CONSTRAINT accounts_email_key UNIQUE NULLS NOT DISTINCT (email),
    CONSTRAINT accounts_org_handle_key UNIQUE (org_id, handle));
CREATE UNIQUE INDEX accounts_external_ref_idx ON public.accounts (external_ref) NULLS NOT DISTINCT;
