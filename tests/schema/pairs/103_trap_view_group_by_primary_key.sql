-- pair: trap — a view GROUPs BY the primary key and selects other columns of that table (pg_depend: view → PK constraint); the PK changes, so the view goes first
-- @from
CREATE TABLE public.customers (tenant_id integer NOT NULL, id bigint NOT NULL, name text NOT NULL, CONSTRAINT customers_pkey PRIMARY KEY (id));
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id integer NOT NULL, customer_id bigint NOT NULL, total numeric NOT NULL);
CREATE VIEW public.customer_order_totals AS
    SELECT c.id, c.name, sum(o.total) AS total
    FROM public.customers c JOIN public.orders o ON o.customer_id = c.id
    GROUP BY c.id;
-- @to
CREATE TABLE public.customers (tenant_id integer NOT NULL, id bigint NOT NULL, name text NOT NULL, CONSTRAINT customers_pkey PRIMARY KEY (tenant_id, id));
CREATE TABLE public.orders (id bigint PRIMARY KEY, tenant_id integer NOT NULL, customer_id bigint NOT NULL, total numeric NOT NULL);
CREATE VIEW public.customer_order_totals AS
    SELECT c.id, c.name, sum(o.total) AS total
    FROM public.customers c JOIN public.orders o ON o.customer_id = c.id AND o.tenant_id = c.tenant_id
    GROUP BY c.tenant_id, c.id;
