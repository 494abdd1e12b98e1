-- pair: a relocatable extension (hstore) moved from public into schema ext while a column uses its type
-- @from
CREATE EXTENSION hstore;
CREATE TABLE public.products (id bigint PRIMARY KEY, attrs hstore);
-- @to
CREATE SCHEMA ext;
CREATE EXTENSION hstore SCHEMA ext;
CREATE TABLE public.products (id bigint PRIMARY KEY, attrs ext.hstore);
