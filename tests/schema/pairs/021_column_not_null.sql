-- pair: NOT NULL set on one column and dropped on another (rows satisfy both)
-- @online
-- @from
CREATE TABLE public.tickets (id bigint PRIMARY KEY, subject text, body text NOT NULL, priority integer);
INSERT INTO public.tickets VALUES (1, 'hello', 'world', 2);
-- @to
CREATE TABLE public.tickets (id bigint PRIMARY KEY, subject text NOT NULL, body text, priority integer NOT NULL);
INSERT INTO public.tickets VALUES (1, 'hello', 'world', 2);
