-- pair: an enum label spelled differently (ALTER TYPE RENAME VALUE reaches B; a diff that sees remove + add must recreate, both end equal)
-- @from
CREATE TYPE public.color AS ENUM ('red', 'grey', 'blue');
CREATE TABLE public.widgets (id bigint PRIMARY KEY, color public.color);
-- @to
CREATE TYPE public.color AS ENUM ('red', 'gray', 'blue');
CREATE TABLE public.widgets (id bigint PRIMARY KEY, color public.color);
