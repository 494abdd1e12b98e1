-- pair: domains created with CHECK, NOT NULL, DEFAULT and COLLATE, used by columns (domain first, dropped after the columns)
-- @from
CREATE TABLE public.contacts (id bigint PRIMARY KEY, email text, phone text);
-- @to
CREATE DOMAIN public.email_address AS text COLLATE "C" CHECK (VALUE ~ '^[^@]+@[^@]+$');
CREATE DOMAIN public.phone_number AS varchar(20) NOT NULL DEFAULT '' CONSTRAINT phone_number_chars CHECK (VALUE ~ '^[0-9+ ]*$');
CREATE DOMAIN public.positive_int AS integer CHECK (VALUE > 0);
CREATE TABLE public.contacts (id bigint PRIMARY KEY, email public.email_address, phone public.phone_number, priority public.positive_int);
