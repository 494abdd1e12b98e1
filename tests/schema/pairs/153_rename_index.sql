-- pair: rename — an index renamed (stated) and a second index both renamed and changed (rename, then drop + create)
-- @from
CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX idx_old ON public.events (kind);
CREATE INDEX events_at ON public.events (at);
-- @to
-- retort: renamed index public.idx_new from idx_old
-- retort: renamed index public.events_at_idx from events_at
CREATE TABLE public.events (id bigint PRIMARY KEY, kind text NOT NULL, at timestamptz NOT NULL);
CREATE INDEX idx_new ON public.events (kind);
CREATE INDEX events_at_idx ON public.events (at DESC);
