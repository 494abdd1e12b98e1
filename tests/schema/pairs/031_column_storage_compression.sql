-- pair: column STORAGE (external/main/plain) and COMPRESSION (pglz/lz4) set and reset
-- @min_postgres: 14
-- (column COMPRESSION arrived in PostgreSQL 14)
-- @needs_lz4
-- @from
CREATE TABLE public.documents (id bigint PRIMARY KEY, body text, raw bytea, summary text, thumb bytea);
ALTER TABLE public.documents ALTER COLUMN summary SET STORAGE MAIN;
ALTER TABLE public.documents ALTER COLUMN thumb SET COMPRESSION pglz;
-- @to
CREATE TABLE public.documents (id bigint PRIMARY KEY, body text, raw bytea, summary text, thumb bytea);
ALTER TABLE public.documents ALTER COLUMN body SET STORAGE EXTERNAL;
ALTER TABLE public.documents ALTER COLUMN raw SET COMPRESSION lz4;
ALTER TABLE public.documents ALTER COLUMN thumb SET COMPRESSION lz4;
