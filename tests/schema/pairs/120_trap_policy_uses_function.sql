-- pair: trap — a policy calls a user function (SECURITY DEFINER, STABLE) in USING and WITH CHECK: function before policy, policy dropped before function
-- @from
CREATE TABLE public.projects (id bigint PRIMARY KEY, team_id bigint NOT NULL);
CREATE TABLE public.team_members (team_id bigint NOT NULL, member name NOT NULL, PRIMARY KEY (team_id, member));
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
-- @to
CREATE TABLE public.projects (id bigint PRIMARY KEY, team_id bigint NOT NULL);
CREATE TABLE public.team_members (team_id bigint NOT NULL, member name NOT NULL, PRIMARY KEY (team_id, member));
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
CREATE FUNCTION public.is_member(t bigint) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
    AS $$ SELECT EXISTS (SELECT 1 FROM public.team_members WHERE team_id = t AND member = current_user) $$;
CREATE POLICY projects_members ON public.projects TO retort_reader, retort_writer
    USING (public.is_member(team_id)) WITH CHECK (public.is_member(team_id));
