-- pair: row-level security enabled and forced on one table, disabled on another (policies unchanged)
-- @from
CREATE TABLE public.notes (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);
CREATE TABLE public.drafts (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user);
CREATE POLICY notes_owner ON public.notes USING (owner = current_user);
ALTER TABLE public.drafts ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.drafts FORCE ROW LEVEL SECURITY;
-- @to
CREATE TABLE public.notes (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user, body text);
CREATE TABLE public.drafts (id bigint PRIMARY KEY, owner name NOT NULL DEFAULT current_user);
CREATE POLICY notes_owner ON public.notes USING (owner = current_user);
ALTER TABLE public.notes ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.notes FORCE ROW LEVEL SECURITY;
