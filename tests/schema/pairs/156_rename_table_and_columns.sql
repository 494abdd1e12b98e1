-- pair: rename — a table in a non-public schema renamed and two of its columns renamed (one also retyped) in the same change; rows survive
-- @from
CREATE SCHEMA crm;
CREATE TABLE crm.clients (id bigint PRIMARY KEY, fullname text NOT NULL, phone varchar(20), created date NOT NULL DEFAULT current_date);
INSERT INTO crm.clients VALUES (1, 'Ada Lovelace', '+44 1', '2024-01-01');
-- @to
-- retort: renamed table crm.customers from clients
-- retort: renamed column crm.customers.display_name from fullname
-- retort: renamed column crm.customers.phone_number from phone
CREATE SCHEMA crm;
CREATE TABLE crm.customers (id bigint NOT NULL, display_name text NOT NULL, phone_number varchar(40), created date NOT NULL DEFAULT current_date,
    CONSTRAINT clients_pkey PRIMARY KEY (id));
INSERT INTO crm.customers VALUES (1, 'Ada Lovelace', '+44 1', '2024-01-01');
