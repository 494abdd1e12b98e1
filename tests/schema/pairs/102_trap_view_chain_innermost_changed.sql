-- pair: trap — view on view on view; the innermost view's columns change (one removed, one retyped): all three are dropped outermost-first and recreated innermost-first
-- @from
CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, weight integer NOT NULL, source text);
CREATE VIEW public.v_events AS SELECT id, kind, at, weight, source FROM public.events;
CREATE VIEW public.v_recent AS SELECT id, kind, weight FROM public.v_events WHERE at > now() - interval '1 day';
CREATE VIEW public.v_recent_totals AS SELECT kind, sum(weight) AS total FROM public.v_recent GROUP BY kind;
-- @to
CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL, weight integer NOT NULL, source text);
CREATE VIEW public.v_events AS SELECT id, kind, at, weight::numeric AS weight FROM public.events;
CREATE VIEW public.v_recent AS SELECT id, kind, weight FROM public.v_events WHERE at > now() - interval '1 day';
CREATE VIEW public.v_recent_totals AS SELECT kind, sum(weight) AS total FROM public.v_recent GROUP BY kind;
