-- pair: view options: WITH CHECK OPTION (local→cascaded), security_barrier set, security_invoker (PG15) set; ALTER VIEW SET/RESET in place
-- @min_postgres: 15
-- (the security_invoker view option arrived in PostgreSQL 15)
-- @from
CREATE TABLE public.docs (id bigint PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
CREATE VIEW public.public_docs AS SELECT id, owner, public FROM public.docs WHERE public WITH LOCAL CHECK OPTION;
CREATE VIEW public.my_docs AS SELECT id, owner FROM public.docs WHERE owner = current_user;
-- @to
CREATE TABLE public.docs (id bigint PRIMARY KEY, owner text NOT NULL, public boolean NOT NULL DEFAULT false);
CREATE VIEW public.public_docs AS SELECT id, owner, public FROM public.docs WHERE public WITH CASCADED CHECK OPTION;
CREATE VIEW public.my_docs WITH (security_barrier = true, security_invoker = true) AS SELECT id, owner FROM public.docs WHERE owner = current_user;
