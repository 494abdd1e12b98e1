-- pair: rename — a table renamed (stated), with explicitly named constraints/index so nothing else differs; a view and an FK follow it; rows survive
-- @from
CREATE TABLE public.tasks (id bigint NOT NULL, title text NOT NULL,
    CONSTRAINT work_items_pkey PRIMARY KEY (id));
CREATE INDEX work_items_title_idx ON public.tasks (title);
CREATE TABLE public.task_notes (id bigint PRIMARY KEY, task_id bigint NOT NULL,
    CONSTRAINT task_notes_task_fkey FOREIGN KEY (task_id) REFERENCES public.tasks (id));
CREATE VIEW public.open_work AS SELECT id, title FROM public.tasks;
INSERT INTO public.tasks VALUES (1, 'keep me');
-- @to
-- retort: renamed table public.jobs from tasks
CREATE TABLE public.jobs (id bigint NOT NULL, title text NOT NULL,
    CONSTRAINT work_items_pkey PRIMARY KEY (id));
CREATE INDEX work_items_title_idx ON public.jobs (title);
CREATE TABLE public.task_notes (id bigint PRIMARY KEY, task_id bigint NOT NULL,
    CONSTRAINT task_notes_task_fkey FOREIGN KEY (task_id) REFERENCES public.jobs (id));
CREATE VIEW public.open_work AS SELECT id, title FROM public.jobs;
INSERT INTO public.jobs VALUES (1, 'keep me');
