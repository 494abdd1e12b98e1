-- pair: trap — a table that must be recreated (plain → hash-partitioned) is referenced by a view and by a foreign key from another table
-- @from
CREATE TABLE public.accounts (id bigint NOT NULL, region text NOT NULL, name text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id));
CREATE TABLE public.contacts (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES public.accounts (id));
CREATE VIEW public.account_names AS SELECT id, name FROM public.accounts;
-- @to
CREATE TABLE public.accounts (id bigint NOT NULL, region text NOT NULL, name text NOT NULL, CONSTRAINT accounts_pkey PRIMARY KEY (id)) PARTITION BY HASH (id);
CREATE TABLE public.accounts_p0 PARTITION OF public.accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE public.accounts_p1 PARTITION OF public.accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE public.contacts (id bigint PRIMARY KEY, account_id bigint NOT NULL REFERENCES public.accounts (id));
CREATE VIEW public.account_names AS SELECT id, name FROM public.accounts;
