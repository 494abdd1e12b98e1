-- pair: indexes with methods gin (jsonb, array), gist (range), brin (with pages_per_range), hash, spgist
-- @online
-- @from
CREATE TABLE public.events (id bigint PRIMARY KEY, payload jsonb NOT NULL, tags text[] NOT NULL DEFAULT '{}',
    during tstzrange, happened_at timestamptz NOT NULL, token text NOT NULL, addr inet);
-- @to
CREATE TABLE public.events (id bigint PRIMARY KEY, payload jsonb NOT NULL, tags text[] NOT NULL DEFAULT '{}',
    during tstzrange, happened_at timestamptz NOT NULL, token text NOT NULL, addr inet);
CREATE INDEX events_payload_gin ON public.events USING gin (payload);
CREATE INDEX events_tags_gin ON public.events USING gin (tags);
CREATE INDEX events_during_gist ON public.events USING gist (during);
CREATE INDEX events_happened_brin ON public.events USING brin (happened_at) WITH (pages_per_range = 32);
CREATE INDEX events_token_hash ON public.events USING hash (token);
CREATE INDEX events_addr_spgist ON public.events USING spgist (addr);
