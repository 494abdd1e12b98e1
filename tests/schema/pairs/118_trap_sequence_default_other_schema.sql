-- pair: trap — a default uses a sequence in another new schema (schema, then sequence, then the default; dropped in reverse)
-- @from
CREATE TABLE public.tickets (id bigint PRIMARY KEY, subject text NOT NULL);
INSERT INTO public.tickets VALUES (1, 'first');
-- @to
CREATE SCHEMA ids;
CREATE SEQUENCE ids.ticket_numbers START 5000;
CREATE TABLE public.tickets (id bigint PRIMARY KEY, subject text NOT NULL, number bigint NOT NULL DEFAULT nextval('ids.ticket_numbers'));
INSERT INTO public.tickets (id, subject) VALUES (1, 'first');
