-- pair: policies created: PERMISSIVE and RESTRICTIVE, FOR SELECT/INSERT/UPDATE/DELETE/ALL, TO roles, USING and WITH CHECK
-- @from
CREATE TABLE public.documents (id bigint PRIMARY KEY, tenant_id integer NOT NULL, owner name NOT NULL, archived boolean NOT NULL DEFAULT false);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
-- @to
CREATE TABLE public.documents (id bigint PRIMARY KEY, tenant_id integer NOT NULL, owner name NOT NULL, archived boolean NOT NULL DEFAULT false);
ALTER TABLE public.documents ENABLE ROW LEVEL SECURITY;
CREATE POLICY documents_tenant ON public.documents AS RESTRICTIVE
    USING (tenant_id = current_setting('app.tenant_id')::integer);
CREATE POLICY documents_read ON public.documents FOR SELECT TO retort_reader, retort_writer USING (NOT archived);
CREATE POLICY documents_insert ON public.documents FOR INSERT TO retort_writer WITH CHECK (owner = current_user);
CREATE POLICY documents_update ON public.documents FOR UPDATE TO retort_writer USING (owner = current_user) WITH CHECK (owner = current_user AND NOT archived);
CREATE POLICY documents_delete ON public.documents FOR DELETE TO retort_writer USING (owner = current_user);
CREATE POLICY documents_admin ON public.documents FOR ALL TO PUBLIC USING (current_setting('app.is_admin', true) = 'on') WITH CHECK (true);
