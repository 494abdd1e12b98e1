-- pair: two non-public schemas; a table moves from one schema to the other (drop + create, no rename hint) and a schema gains a comment
-- @from
CREATE SCHEMA sales;
CREATE SCHEMA reporting;
CREATE TABLE sales.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE TABLE sales.daily_totals (day date PRIMARY KEY, total numeric(14,2) NOT NULL);
-- @to
CREATE SCHEMA sales;
CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Read models rebuilt nightly';
CREATE TABLE sales.orders (id bigint PRIMARY KEY, total numeric(12,2) NOT NULL);
CREATE TABLE reporting.daily_totals (day date PRIMARY KEY, total numeric(14,2) NOT NULL);
