-- pair: enum value inserted in the middle (ADD VALUE 'b' BEFORE 'c' / AFTER) — the sort order matters, not just the set
-- @from
CREATE TYPE public.severity AS ENUM ('low', 'high', 'critical');
CREATE TABLE public.incidents (id bigint PRIMARY KEY, severity public.severity NOT NULL);
INSERT INTO public.incidents VALUES (1, 'low'), (2, 'critical');
-- @to
CREATE TYPE public.severity AS ENUM ('info', 'low', 'medium', 'high', 'critical');
CREATE TABLE public.incidents (id bigint PRIMARY KEY, severity public.severity NOT NULL);
INSERT INTO public.incidents VALUES (1, 'low'), (2, 'critical');
