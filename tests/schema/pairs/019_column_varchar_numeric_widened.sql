-- pair: varchar(50)→varchar(255), numeric(10,2)→numeric(12,4), char(2)→varchar(3), timestamp→timestamptz; short data fits both ways
-- @from
CREATE TABLE public.customers (
    id bigint PRIMARY KEY,
    name varchar(50) NOT NULL,
    balance numeric(10,2) NOT NULL DEFAULT 0,
    country char(2),
    seen_at timestamp
);
INSERT INTO public.customers VALUES (1, 'Ada', 10.50, 'de', '2024-01-01 10:00');
-- @to
CREATE TABLE public.customers (
    id bigint PRIMARY KEY,
    name varchar(255) NOT NULL,
    balance numeric(12,4) NOT NULL DEFAULT 0,
    country varchar(3),
    seen_at timestamptz
);
INSERT INTO public.customers VALUES (1, 'Ada', 10.50, 'de', '2024-01-01 10:00');
