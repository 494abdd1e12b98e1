-- pair: rename — a column renamed (stated) while an index, a view, a CHECK, a trigger's UPDATE OF list and an FK use it (a renamed table column leaves the view's output column named owner; B names it assignee); rows survive
-- @from
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.projects (id bigint PRIMARY KEY, owner bigint NOT NULL REFERENCES public.users (id), title text NOT NULL,
    CONSTRAINT projects_owner_positive CHECK (owner > 0));
CREATE INDEX projects_owner_idx ON public.projects (owner);
CREATE VIEW public.project_owners AS SELECT p.id, p.owner, u.name FROM public.projects p JOIN public.users u ON u.id = p.owner;
CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER projects_owner_changed BEFORE UPDATE OF owner ON public.projects FOR EACH ROW EXECUTE FUNCTION public.noop();
INSERT INTO public.users VALUES (7, 'ada');
INSERT INTO public.projects VALUES (1, 7, 'engine');
-- @to
-- retort: renamed column public.projects.assignee from owner
CREATE TABLE public.users (id bigint PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.projects (id bigint PRIMARY KEY, assignee bigint NOT NULL REFERENCES public.users (id), title text NOT NULL,
    CONSTRAINT projects_owner_positive CHECK (assignee > 0));
CREATE INDEX projects_owner_idx ON public.projects (assignee);
CREATE VIEW public.project_owners AS SELECT p.id, p.assignee, u.name FROM public.projects p JOIN public.users u ON u.id = p.assignee;
CREATE FUNCTION public.noop() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END; $$;
CREATE TRIGGER projects_owner_changed BEFORE UPDATE OF assignee ON public.projects FOR EACH ROW EXECUTE FUNCTION public.noop();
INSERT INTO public.users VALUES (7, 'ada');
INSERT INTO public.projects VALUES (1, 7, 'engine');
