-- pair: triggers created: BEFORE row, AFTER statement with transition table, INSTEAD OF on a view, TRUNCATE (function first, trigger dropped first)
-- @from
CREATE TABLE public.posts (id bigint PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
CREATE VIEW public.post_titles AS SELECT id, title FROM public.posts;
-- @to
CREATE TABLE public.posts (id bigint PRIMARY KEY, title text NOT NULL, updated_at timestamptz);
CREATE VIEW public.post_titles AS SELECT id, title FROM public.posts;
CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at := now();
    RETURN NEW;
END;
$$;
CREATE FUNCTION public.count_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE NOTICE '% rows changed', (SELECT count(*) FROM new_rows);
    RETURN NULL;
END;
$$;
CREATE FUNCTION public.post_titles_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO public.posts (id, title) VALUES (NEW.id, NEW.title);
    RETURN NEW;
END;
$$;
CREATE FUNCTION public.no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'truncate is not allowed';
END;
$$;
CREATE TRIGGER posts_touch BEFORE INSERT OR UPDATE ON public.posts FOR EACH ROW EXECUTE FUNCTION public.touch();
CREATE TRIGGER posts_count AFTER UPDATE ON public.posts REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.count_changes();
CREATE TRIGGER post_titles_insert INSTEAD OF INSERT ON public.post_titles FOR EACH ROW EXECUTE FUNCTION public.post_titles_insert();
CREATE TRIGGER posts_no_truncate BEFORE TRUNCATE ON public.posts FOR EACH STATEMENT EXECUTE FUNCTION public.no_truncate();
