-- pair: trap — enum value removed while a column (with a default), a view filtering on an enum literal and a partial index use the enum: view dropped, type recreated, column converted, view recreated
-- @from
CREATE TYPE public.ticket_status AS ENUM ('open', 'pending', 'on_hold', 'closed');
CREATE TABLE public.tickets (id bigint PRIMARY KEY, status public.ticket_status NOT NULL DEFAULT 'open', title text NOT NULL);
CREATE INDEX tickets_open_idx ON public.tickets (id) WHERE status = 'open';
CREATE VIEW public.active_tickets AS SELECT id, status, title FROM public.tickets WHERE status <> 'closed';
INSERT INTO public.tickets VALUES (1, 'open', 'a'), (2, 'closed', 'b'), (3, 'pending', 'c');
-- @to
CREATE TYPE public.ticket_status AS ENUM ('open', 'pending', 'closed');
CREATE TABLE public.tickets (id bigint PRIMARY KEY, status public.ticket_status NOT NULL DEFAULT 'open', title text NOT NULL);
CREATE INDEX tickets_open_idx ON public.tickets (id) WHERE status = 'open';
CREATE VIEW public.active_tickets AS SELECT id, status, title FROM public.tickets WHERE status <> 'closed';
INSERT INTO public.tickets VALUES (1, 'open', 'a'), (2, 'closed', 'b'), (3, 'pending', 'c');
