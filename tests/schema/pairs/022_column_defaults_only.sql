-- pair: only column defaults differ: set, changed (constant and function), dropped, and a default that is an expression over now()
-- @from
CREATE TABLE public.posts (
    id bigint PRIMARY KEY,
    status text NOT NULL DEFAULT 'draft',
    created_at timestamptz NOT NULL DEFAULT now(),
    views integer,
    expires_at timestamptz DEFAULT now() + interval '30 days',
    slug text DEFAULT md5(random()::text)
);
-- @to
CREATE TABLE public.posts (
    id bigint PRIMARY KEY,
    status text NOT NULL DEFAULT 'published',
    created_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
    views integer DEFAULT 0,
    expires_at timestamptz DEFAULT now() + interval '7 days',
    slug text
);
