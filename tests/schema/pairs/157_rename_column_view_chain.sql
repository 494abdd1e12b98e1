-- pair: rename — a column renamed (stated) that a view chain selects, while the outer view also changes definition: rename keeps the views, only the outer one is replaced
-- @from
CREATE TABLE public.shipments (id bigint PRIMARY KEY, dest text NOT NULL, weight_kg numeric NOT NULL);
CREATE VIEW public.shipment_base AS SELECT id, dest, weight_kg FROM public.shipments;
CREATE VIEW public.heavy_shipments AS SELECT id, dest FROM public.shipment_base WHERE weight_kg > 100;
-- @to
-- retort: renamed column public.shipments.destination from dest
CREATE TABLE public.shipments (id bigint PRIMARY KEY, destination text NOT NULL, weight_kg numeric NOT NULL);
CREATE VIEW public.shipment_base AS SELECT id, destination AS dest, weight_kg FROM public.shipments;
CREATE VIEW public.heavy_shipments AS SELECT id, dest FROM public.shipment_base WHERE weight_kg > 500;
