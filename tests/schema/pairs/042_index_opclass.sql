-- pair: operator classes: text_pattern_ops, varchar_pattern_ops, jsonb_path_ops, gin_trgm_ops (pg_trgm); index changed from default opclass
-- @from
CREATE EXTENSION pg_trgm;
CREATE TABLE public.articles (id bigint PRIMARY KEY, title text NOT NULL, slug varchar(200) NOT NULL, body text, meta jsonb);
CREATE INDEX articles_title_idx ON public.articles (title);
CREATE INDEX articles_meta_idx ON public.articles USING gin (meta);
-- @to
CREATE EXTENSION pg_trgm;
CREATE TABLE public.articles (id bigint PRIMARY KEY, title text NOT NULL, slug varchar(200) NOT NULL, body text, meta jsonb);
CREATE INDEX articles_title_idx ON public.articles (title text_pattern_ops);
CREATE INDEX articles_slug_idx ON public.articles (slug varchar_pattern_ops);
CREATE INDEX articles_meta_idx ON public.articles USING gin (meta jsonb_path_ops);
CREATE INDEX articles_body_trgm ON public.articles USING gin (body gin_trgm_ops);
CREATE INDEX articles_title_trgm_gist ON public.articles USING gist (title gist_trgm_ops(siglen = 32));
