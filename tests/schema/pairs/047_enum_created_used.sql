-- pair: an enum created and used as a column type, in a default and in an array column (type first, dropped after the columns)
-- @from
CREATE TABLE public.tasks (id bigint PRIMARY KEY, title text NOT NULL);
-- @to
CREATE TYPE public.task_status AS ENUM ('todo', 'doing', 'done');
CREATE TABLE public.tasks (
    id bigint PRIMARY KEY,
    title text NOT NULL,
    status public.task_status NOT NULL DEFAULT 'todo',
    history public.task_status[] NOT NULL DEFAULT '{}'
);
