-- pair: a generated column's expression changes (PG15 has no SET EXPRESSION: drop + add; it is the last column so order survives)
-- @from
CREATE TABLE public.line_items (
    id bigint PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric GENERATED ALWAYS AS (qty * unit_price) STORED
);
-- @to
CREATE TABLE public.line_items (
    id bigint PRIMARY KEY,
    qty integer NOT NULL,
    unit_price numeric(10,2) NOT NULL,
    total numeric GENERATED ALWAYS AS (round(qty * unit_price * 1.19, 2)) STORED
);
