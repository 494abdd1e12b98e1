-- pair: (integer to bigint: an integer has no cast to uuid, a conversion only the author can write) trap — ALTER COLUMN TYPE on a column used in a policy expression is refused: the policy must be dropped and recreated around the type change
-- @from
CREATE TABLE public.records (id bigint PRIMARY KEY, tenant_id integer NOT NULL, body text);
ALTER TABLE public.records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_tenant ON public.records USING (tenant_id = current_setting('app.tenant_id')::integer);
-- @to
CREATE TABLE public.records (id bigint PRIMARY KEY, tenant_id bigint NOT NULL, body text);
ALTER TABLE public.records ENABLE ROW LEVEL SECURITY;
CREATE POLICY records_tenant ON public.records USING (tenant_id = current_setting('app.tenant_id')::bigint);
