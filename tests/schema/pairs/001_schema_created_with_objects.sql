-- pair: a non-public schema created with a table, a sequence, an enum, a function and a view in it (B→A drops them all)
-- @from
CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL);
-- @to
CREATE TABLE public.customers (id bigint PRIMARY KEY, name text NOT NULL);
CREATE SCHEMA inventory;
CREATE TYPE inventory.stock_state AS ENUM ('in_stock', 'backorder', 'discontinued');
CREATE SEQUENCE inventory.sku_seq START 1000;
CREATE TABLE inventory.items (
    id bigint PRIMARY KEY,
    sku text NOT NULL DEFAULT 'SKU-' || nextval('inventory.sku_seq'),
    state inventory.stock_state NOT NULL DEFAULT 'in_stock',
    quantity integer NOT NULL DEFAULT 0
);
CREATE FUNCTION inventory.available(q integer) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$ SELECT q > 0 $$;
CREATE VIEW inventory.available_items AS
    SELECT id, sku, quantity FROM inventory.items WHERE inventory.available(quantity);
