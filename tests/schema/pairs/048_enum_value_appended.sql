-- pair: enum values appended at the end (ALTER TYPE ADD VALUE; removal in reverse needs recreation); column and default use the enum
-- @from
CREATE TYPE public.plan AS ENUM ('free', 'pro');
CREATE TABLE public.subscriptions (id bigint PRIMARY KEY, plan public.plan NOT NULL DEFAULT 'free');
INSERT INTO public.subscriptions VALUES (1, 'free'), (2, 'pro');
-- @to
CREATE TYPE public.plan AS ENUM ('free', 'pro', 'enterprise', 'custom');
CREATE TABLE public.subscriptions (id bigint PRIMARY KEY, plan public.plan NOT NULL DEFAULT 'free');
INSERT INTO public.subscriptions VALUES (1, 'free'), (2, 'pro');
