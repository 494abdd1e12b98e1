-- pair: policies changed: USING / WITH CHECK / roles changed (ALTER POLICY), command and PERMISSIVE→RESTRICTIVE changed (drop + create), one dropped
-- @from
CREATE TABLE public.messages (id bigint PRIMARY KEY, sender name NOT NULL, recipient name NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_read ON public.messages FOR SELECT USING (recipient = current_user);
CREATE POLICY messages_write ON public.messages FOR INSERT TO retort_writer WITH CHECK (sender = current_user);
CREATE POLICY messages_visible ON public.messages FOR SELECT USING (NOT hidden);
CREATE POLICY messages_legacy ON public.messages FOR DELETE USING (false);
-- @to
CREATE TABLE public.messages (id bigint PRIMARY KEY, sender name NOT NULL, recipient name NOT NULL, hidden boolean NOT NULL DEFAULT false);
ALTER TABLE public.messages ENABLE ROW LEVEL SECURITY;
CREATE POLICY messages_read ON public.messages FOR SELECT TO retort_reader USING (recipient = current_user OR sender = current_user);
CREATE POLICY messages_write ON public.messages FOR ALL TO retort_writer, retort_reader USING (sender = current_user) WITH CHECK (sender = current_user AND NOT hidden);
CREATE POLICY messages_visible ON public.messages AS RESTRICTIVE FOR SELECT USING (NOT hidden);
