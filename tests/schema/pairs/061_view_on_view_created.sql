-- pair: a view and a view on it created (inner first; dropped outer first), plus a recursive view
-- @from
CREATE TABLE public.employees (id bigint PRIMARY KEY, manager_id bigint REFERENCES public.employees (id), name text NOT NULL, salary numeric NOT NULL);
-- @to
CREATE TABLE public.employees (id bigint PRIMARY KEY, manager_id bigint REFERENCES public.employees (id), name text NOT NULL, salary numeric NOT NULL);
CREATE VIEW public.managers AS SELECT DISTINCT m.id, m.name FROM public.employees e JOIN public.employees m ON m.id = e.manager_id;
CREATE VIEW public.manager_names AS SELECT name FROM public.managers ORDER BY name;
CREATE RECURSIVE VIEW public.reporting_chain (id, manager_id, depth) AS
    SELECT id, manager_id, 0 FROM public.employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, e.manager_id, c.depth + 1 FROM public.employees e JOIN reporting_chain c ON e.manager_id = c.id;
