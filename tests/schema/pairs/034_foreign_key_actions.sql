-- pair: foreign key actions change: NO ACTION→ON DELETE CASCADE, ON DELETE SET NULL (column list, PG15), ON UPDATE CASCADE, MATCH FULL; an unchanged comment on a recreated FK must survive
-- @online
-- @min_postgres: 15
-- (ON DELETE SET NULL with a column list arrived in PostgreSQL 15)
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY);
CREATE TABLE public.teams (tenant_id integer NOT NULL, id bigint NOT NULL, code text UNIQUE, PRIMARY KEY (tenant_id, id));
CREATE TABLE public.memberships (
    tenant_id integer NOT NULL,
    user_id bigint NOT NULL REFERENCES public.users (id),
    team_id bigint,
    team_code text REFERENCES public.teams (code),
    CONSTRAINT memberships_team_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES public.teams (tenant_id, id)
);
COMMENT ON CONSTRAINT memberships_team_fkey ON public.memberships IS 'Team within the same tenant';
-- @to
CREATE TABLE public.users (id bigint PRIMARY KEY);
CREATE TABLE public.teams (tenant_id integer NOT NULL, id bigint NOT NULL, code text UNIQUE, PRIMARY KEY (tenant_id, id));
CREATE TABLE public.memberships (
    tenant_id integer NOT NULL,
    user_id bigint NOT NULL REFERENCES public.users (id) ON DELETE CASCADE,
    team_id bigint,
    team_code text REFERENCES public.teams (code) MATCH FULL ON UPDATE CASCADE ON DELETE SET DEFAULT,
    CONSTRAINT memberships_team_fkey FOREIGN KEY (tenant_id, team_id) REFERENCES public.teams (tenant_id, id) ON DELETE SET NULL (team_id)
);
COMMENT ON CONSTRAINT memberships_team_fkey ON public.memberships IS 'Team within the same tenant';
