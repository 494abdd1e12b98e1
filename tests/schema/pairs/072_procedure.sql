-- pair: procedures: one created, one's body and SET option changed, one with an INOUT parameter dropped
-- @from
CREATE TABLE public.jobs (id bigint PRIMARY KEY, done boolean NOT NULL DEFAULT false, finished_at timestamptz);
CREATE PROCEDURE public.finish_job(job_id bigint) LANGUAGE sql AS $$ UPDATE public.jobs SET done = true WHERE id = job_id $$;
CREATE PROCEDURE public.count_open(INOUT n bigint) LANGUAGE plpgsql AS $$
BEGIN
    SELECT count(*) INTO n FROM public.jobs WHERE NOT done;
END;
$$;
-- @to
CREATE TABLE public.jobs (id bigint PRIMARY KEY, done boolean NOT NULL DEFAULT false, finished_at timestamptz);
CREATE PROCEDURE public.finish_job(job_id bigint) LANGUAGE sql SET statement_timeout = '5s'
    AS $$ UPDATE public.jobs SET done = true, finished_at = now() WHERE id = job_id $$;
CREATE PROCEDURE public.purge_done() LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM public.jobs WHERE done;
    COMMIT;
END;
$$;
