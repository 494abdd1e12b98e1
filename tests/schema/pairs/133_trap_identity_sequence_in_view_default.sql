-- pair: trap — a standalone sequence read by a view and used by a column default is dropped: view and default go before the sequence (reverse: sequence first)
-- @from
CREATE SEQUENCE public.global_ids;
CREATE TABLE public.things (id bigint PRIMARY KEY DEFAULT nextval('public.global_ids'), name text NOT NULL);
CREATE VIEW public.id_state AS SELECT last_value, is_called FROM public.global_ids;
-- @to
CREATE TABLE public.things (id bigint PRIMARY KEY, name text NOT NULL);
