-- pair: CHECK constraints added, changed (same name), dropped, and a NO INHERIT check
-- @from
CREATE TABLE public.products (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    discount numeric NOT NULL DEFAULT 0,
    sku text NOT NULL,
    CONSTRAINT products_price_check CHECK (price > 0),
    CONSTRAINT products_sku_format CHECK (sku ~ '^[A-Z]{3}-[0-9]+$')
);
-- @to
CREATE TABLE public.products (
    id bigint PRIMARY KEY,
    price numeric NOT NULL,
    discount numeric NOT NULL DEFAULT 0,
    sku text NOT NULL,
    CONSTRAINT products_price_check CHECK (price >= 0),
    CONSTRAINT products_discount_check CHECK (discount >= 0 AND discount <= price),
    CONSTRAINT products_local_only CHECK (id > 0) NO INHERIT
);
